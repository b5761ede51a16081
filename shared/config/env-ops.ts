import { z } from 'zod';

/** The ops API function's environment. */
export const opsEnv = z.object({
  CONTACTS_TABLE: z.string().min(1),
});
