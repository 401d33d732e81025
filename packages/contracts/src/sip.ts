import { z } from 'zod';

/** A SIP source address banned after failed digest answers (issue 3 item 7). */
export const sipBan = z.object({
  source: z.string(),
  /** The user name whose failures triggered the ban; null when the address failed for many users. */
  user: z.string().nullable(),
  reason: z.enum(['user-failures', 'source-failures']),
  /** Failed answers that triggered the ban (the configured threshold). */
  failures: z.number().int(),
  since: z.string(),
  until: z.string(),
});
export type SipBan = z.infer<typeof sipBan>;

export const sipBanList = z.object({ items: z.array(sipBan) });

export const sipBanParams = z.object({
  source: z.union([z.ipv4(), z.ipv6()], { message: 'expected an IPv4 or IPv6 address' }),
});
