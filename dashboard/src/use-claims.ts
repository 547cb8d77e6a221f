import { useEffect, useState } from 'preact/hooks';
import { readClaim } from './api.js';
import type { ClaimBody } from './types.js';

/**
 * Who said a claim and where does not change once recorded, so each claim is fetched once per
 * page. (Its ETag does change: a write reads the claim afresh.)
 */
const attributions = new Map<string, Promise<ClaimBody | null>>();

function attributionOf(claimId: string): Promise<ClaimBody | null> {
  let found = attributions.get(claimId);
  if (!found) {
    found = readClaim(claimId).catch(() => {
      attributions.delete(claimId);
      return null;
    });
    attributions.set(claimId, found);
  }
  return found;
}

/** The claims (source and report included) behind a list of claim ids, as they arrive. */
export function useClaims(claimIds: readonly string[]): ReadonlyMap<string, ClaimBody> {
  const [claims, setClaims] = useState<ReadonlyMap<string, ClaimBody>>(new Map());
  const key = [...new Set(claimIds)].sort().join('\n');
  useEffect(() => {
    let live = true;
    const ids = key ? key.split('\n') : [];
    void Promise.all(ids.map(attributionOf)).then((bodies) => {
      if (!live) return;
      const next = new Map<string, ClaimBody>();
      bodies.forEach((body, i) => body && next.set(ids[i]!, body));
      setClaims(next);
    });
    return () => {
      live = false;
    };
  }, [key]);
  return claims;
}

/** "Bassem al-Awadi (Government spokesperson)", or the id until the source has loaded. */
export function sourceLabel(claims: ReadonlyMap<string, ClaimBody>, claimId: string, sourceId: string): string {
  const source = claims.get(claimId)?.source;
  if (!source) return sourceId;
  return source.role ? `${source.name} (${source.role})` : source.name;
}
