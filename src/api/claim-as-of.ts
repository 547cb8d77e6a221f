import { NotFoundError } from '../domain/errors.js';
import { isRetracted, isVisible, type AsOf } from '../../projections/as-of.js';
import type { Ledger } from '../runtime/ledger.js';

type ClaimBody = ReturnType<Ledger['claim']>;

/**
 * A claim as it stood at an earlier position: unknown before it was recorded, and without
 * the amendments and retraction recorded after. The ETag stays the current one, which is
 * what an If-Match must carry.
 */
export function claimAsOf(body: ClaimBody, view: AsOf): ClaimBody {
  if (view.position === view.state.position) return body;
  if (body.position > view.position) {
    throw new NotFoundError(`claim "${body.claim.claimId}" was not yet recorded as of position ${view.position}`, 'claimId');
  }
  const visible = (claimId: string) => {
    const record = view.state.claims.get(claimId);
    return record !== undefined && isVisible(view, record);
  };
  const standing = (claimId: string) => {
    const record = view.state.claims.get(claimId);
    return record !== undefined && isVisible(view, record) && !isRetracted(view, record);
  };
  return {
    ...body,
    retraction: body.retraction && body.retraction.position <= view.position ? body.retraction : null,
    amendedBy: body.amendedBy.filter(visible),
    standingAmendments: body.amendedBy.filter(standing),
    chain: body.chain.filter(visible),
  };
}
