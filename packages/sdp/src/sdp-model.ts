/**
 * The SDP model (RFC 4566 §5): plain data, no behaviour. Attributes are kept as an ordered list so
 * that unknown ones survive a parse → serialize round trip; typed accessors live in `attributes.ts`.
 */
export interface Origin {
  username: string;
  /** Kept as decimal strings: RFC 4566 §5.2 allows 64-bit values that do not fit a JS number. */
  sessionId: string;
  sessionVersion: string;
  netType: string;
  addrType: string;
  address: string;
}

export interface Connection {
  netType: string;
  /** `IP4` or `IP6`. */
  addrType: string;
  address: string;
  /** Multicast TTL and address count (`c=IN IP4 224.2.1.1/127/3`). */
  ttl?: number;
  count?: number;
}

export interface Bandwidth {
  type: string;
  value: number;
}

export interface Timing {
  start: string;
  stop: string;
  repeats: string[];
}

export interface Attribute {
  name: string;
  /** Undefined for property attributes (`a=rtcp-mux`), a string for value attributes. */
  value?: string;
}

export interface MediaDescription {
  /** `audio`, `video`, `application`, … */
  type: string;
  port: number;
  portCount?: number;
  /** `RTP/AVP`, `RTP/SAVP`, `UDP/TLS/RTP/SAVPF`, … */
  protocol: string;
  /** Payload type numbers for RTP profiles, opaque tokens otherwise. */
  formats: string[];
  information?: string;
  connection?: Connection;
  bandwidths: Bandwidth[];
  key?: string;
  attributes: Attribute[];
}

export interface SessionDescription {
  version: number;
  origin: Origin;
  sessionName: string;
  information?: string;
  uri?: string;
  emails: string[];
  phones: string[];
  connection?: Connection;
  bandwidths: Bandwidth[];
  timing: Timing[];
  timeZones?: string;
  key?: string;
  attributes: Attribute[];
  media: MediaDescription[];
}

export type Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';
export const DIRECTIONS: readonly Direction[] = ['sendrecv', 'sendonly', 'recvonly', 'inactive'];
