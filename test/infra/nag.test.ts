import { synthStack } from '../support/stack';

describe('cdk-nag AwsSolutions checks', () => {
  it('N17: the synthesised app has no unacknowledged findings', () => {
    const { app } = synthStack();
    // Validations run at synth; errors fail synthesis with the findings in the message.
    expect(() => app.synth({ force: true })).not.toThrow();
  });
});
