/**
 * Contact trace records shaped as in AWS's Amazon Connect documentation, "Contact records data
 * model": https://docs.aws.amazon.com/connect/latest/adminguide/ctr-data-model.html
 * (field names, nesting and the ISO-8601 UTC timestamps; values are made up).
 */
export const INBOUND_VOICE_CTR = {
  AWSAccountId: '111122223333',
  AWSContactTraceRecordFormatVersion: '2017-03-10',
  Agent: {
    ARN: 'arn:aws:connect:eu-central-1:111122223333:instance/0f3d1c2b-4a5e-4f60-8a7b-9c0d1e2f3a4b/agent/aa11',
    AfterContactWorkDuration: 12,
    AgentInteractionDuration: 240,
    ConnectedToAgentTimestamp: '2026-03-02T08:01:10Z',
    HierarchyGroups: { Level1: { GroupName: 'Helsinki', ARN: 'arn:aws:connect:…' } },
    RoutingProfile: { Name: 'Basic Routing Profile' },
    Username: 'maija.meikalainen',
  },
  AgentConnectionAttempts: 1,
  Attributes: { customerName: 'Matti Virtanen', loanNumber: 'L-12345' },
  Channel: 'VOICE',
  ConnectedToSystemTimestamp: '2026-03-02T08:00:05Z',
  ContactId: '5f0b6a2e-1c3d-4e5f-8a9b-0c1d2e3f4a5b',
  CustomerEndpoint: { Address: '+358401234567', Type: 'TELEPHONE_NUMBER' },
  DisconnectReason: 'CUSTOMER_DISCONNECT',
  DisconnectTimestamp: '2026-03-02T08:05:30Z',
  InitialContactId: null,
  InitiationMethod: 'INBOUND',
  InitiationTimestamp: '2026-03-02T08:00:00Z',
  InstanceARN: 'arn:aws:connect:eu-central-1:111122223333:instance/0f3d1c2b-4a5e-4f60-8a7b-9c0d1e2f3a4b',
  LastUpdateTimestamp: '2026-03-02T08:06:45Z',
  PreviousContactId: null,
  Queue: { Name: 'Loans', ARN: 'arn:aws:connect:…/queue/q1', EnqueueTimestamp: '2026-03-02T08:00:40Z' },
  Recording: {
    Location:
      'bucket/connect/call-recordings/2026/03/02/5f0b6a2e-1c3d-4e5f-8a9b-0c1d2e3f4a5b_20260302T08:01_UTC.wav',
    Status: 'AVAILABLE',
    Type: 'AUDIO',
  },
  SystemEndpoint: { Address: '+358201234567', Type: 'TELEPHONE_NUMBER' },
  TransferCompletedTimestamp: null,
  TransferredToEndpoint: null,
};

/** An outbound call the agent placed (InitiationMethod OUTBOUND): customer is the callee. */
export const OUTBOUND_VOICE_CTR = {
  ...INBOUND_VOICE_CTR,
  ContactId: '6a1c7b3f-2d4e-4f60-9b0c-1d2e3f4a5b6c',
  InitiationMethod: 'OUTBOUND',
  ConnectedToSystemTimestamp: '2026-03-02T09:00:12Z',
  InitiationTimestamp: '2026-03-02T09:00:00Z',
  Agent: { ...INBOUND_VOICE_CTR.Agent, ConnectedToAgentTimestamp: '2026-03-02T09:00:00Z' },
  DisconnectTimestamp: '2026-03-02T09:04:00Z',
  LastUpdateTimestamp: '2026-03-02T09:05:00Z',
};

/** A caller who hung up in the flow before anyone answered: no Agent, no recording. */
export const UNANSWERED_VOICE_CTR = {
  ...INBOUND_VOICE_CTR,
  ContactId: '7b2d8c4a-3e5f-4a71-8c1d-2e3f4a5b6c7d',
  Agent: null,
  ConnectedToSystemTimestamp: null,
  Recording: null,
  DisconnectReason: 'CUSTOMER_DISCONNECT',
  DisconnectTimestamp: '2026-03-02T10:00:20Z',
  InitiationTimestamp: '2026-03-02T10:00:00Z',
  LastUpdateTimestamp: '2026-03-02T10:01:00Z',
};

/**
 * The agent transferred the caller of INBOUND_VOICE_CTR to another queue: Connect makes a new
 * contact (InitiationMethod TRANSFER) whose InitialContactId and PreviousContactId name the first
 * (ctr-data-model.html, "ContactTraceRecord": InitialContactId, PreviousContactId, InitiationMethod).
 */
export const TRANSFER_LEG_CTR = {
  ...INBOUND_VOICE_CTR,
  ContactId: '8c3e9d5b-4f60-4b82-9d2e-3f4a5b6c7d8e',
  InitialContactId: INBOUND_VOICE_CTR.ContactId,
  PreviousContactId: INBOUND_VOICE_CTR.ContactId,
  InitiationMethod: 'TRANSFER',
  InitiationTimestamp: '2026-03-02T08:05:30Z',
  ConnectedToSystemTimestamp: '2026-03-02T08:05:30Z',
  Agent: { ...INBOUND_VOICE_CTR.Agent, ConnectedToAgentTimestamp: '2026-03-02T08:06:00Z' },
  DisconnectTimestamp: '2026-03-02T08:12:00Z',
  LastUpdateTimestamp: '2026-03-02T08:13:00Z',
  Recording: null,
};
