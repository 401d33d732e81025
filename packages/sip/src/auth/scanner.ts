/**
 * User-Agent strings of SIP scanners seen in the wild (SIPVicious and its clones, sipcli, VaxSIP …).
 * A request from one is never trusted for anything: the edge drops it and counts it against the source.
 * The header is trivially forged, so this only catches the lazy — bans on failed digests catch the rest.
 */
const SCANNERS = [
  /friendly-scanner/i,
  /sipvicious/i,
  /sipcli/i,
  /sip-scan/i,
  /vaxsipuseragent/i,
  /pplsip/i,
  /sipsak-scanner/i,
  /iWar/i,
  /sundayddr/i,
  /\bsipv\b/i,
];

export function isScannerUserAgent(userAgent: string | undefined): boolean {
  return userAgent !== undefined && SCANNERS.some((re) => re.test(userAgent));
}
