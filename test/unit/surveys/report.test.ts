import { buildSurveyReport } from '../../../shared/surveys/report';

describe('buildSurveyReport (N14)', () => {
  it('N14: sums days per service number into sent, response rate, average and distribution', () => {
    // Prepare
    const rows = [
      {
        day: '2026-03-01',
        serviceNumber: '+358968298003',
        counts: { sent: 3, responses: 2, score5: 1, score3: 1 },
      },
      {
        day: '2026-03-02',
        serviceNumber: '+358968298003',
        counts: { sent: 1, responses: 1, score4: 1, optOuts: 1 },
      },
      { day: '2026-03-02', serviceNumber: '+358968298100', counts: { sent: 2 } },
      { day: '2026-04-01', serviceNumber: '+358968298003', counts: { sent: 9 } }, // outside the period
    ];
    // Act
    const report = buildSurveyReport('2026-03-01', '2026-03-31', rows);
    // Assess
    expect(report.lines).toEqual([
      {
        serviceNumber: '+358968298003',
        sent: 4,
        responses: 3,
        responseRate: 0.75,
        averageScore: 4,
        distribution: { '1': 0, '2': 0, '3': 1, '4': 1, '5': 1 },
        otherReplies: 0,
        optOuts: 1,
      },
      {
        serviceNumber: '+358968298100',
        sent: 2,
        responses: 0,
        responseRate: 0,
        averageScore: null,
        distribution: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 },
        otherReplies: 0,
        optOuts: 0,
      },
    ]);
    expect(report.total).toMatchObject({ serviceNumber: 'all', sent: 6, responses: 3, responseRate: 0.5 });
  });

  it('N14: has no field that could hold a person, a contact or a number of a customer', () => {
    const report = buildSurveyReport('2026-03-01', '2026-03-01', [
      { day: '2026-03-01', serviceNumber: '+358968298003', counts: { sent: 1, responses: 1, score2: 1 } },
    ]);
    expect(Object.keys(report.lines[0] ?? {}).sort()).toEqual(
      [
        'averageScore',
        'distribution',
        'optOuts',
        'otherReplies',
        'responseRate',
        'responses',
        'sent',
        'serviceNumber',
      ].sort(),
    );
  });
});
