/** Streams are the consistency boundaries: one per subject, source and report, one for aliases. */
export const streamOfSubject = (subject: string): string => `subject-${subject}`;
export const streamOfSource = (sourceId: string): string => `source-${sourceId}`;
export const streamOfReport = (reportId: string): string => `report-${reportId}`;
export const ALIASES_STREAM = 'aliases';
