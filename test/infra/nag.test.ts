import { synthStack } from '../support/stack';

describe('cdk-nag AwsSolutions checks', () => {
  it('N17: the synthesised app has no unacknowledged findings', () => {
    // Validations run at synth; errors fail synthesis with the findings in the message. synthStack()
    // synthesises the app once per run and throws that error in every file that asks for it.
    expect(() => synthStack()).not.toThrow();
  });
});
