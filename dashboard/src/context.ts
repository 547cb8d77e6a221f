import { createContext } from 'preact';
import type { FacilityNames } from './format.js';
import type { Resolved } from './types.js';

/** A number (or any resolved value) a reader asked about: which key of which subject. */
export interface Inspection {
  subject: string;
  key: string;
  resolved: Resolved | null;
}

/** Opens a value's sources and history in the side panel; every view calls it on click. */
export const InspectContext = createContext<(target: Inspection) => void>(() => undefined);

/** Facility subjects to their names at the moment viewed, so assignments read as names. */
export const NamesContext = createContext<FacilityNames>(new Map());
