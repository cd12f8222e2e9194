/** What the built-in server's utilityProcess and the main process tell each other, checked on arrival. */
import { z } from 'zod';

export const ServerReport = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), baseUrl: z.url(), token: z.string().min(1) }),
  z.object({ type: z.literal('failed'), message: z.string() }),
]);
export type ServerReport = z.infer<typeof ServerReport>;

export const ServerCommand = z.object({ type: z.literal('stop') });
export type ServerCommand = z.infer<typeof ServerCommand>;
