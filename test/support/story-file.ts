import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Command } from '../../src/domain/commands.js';
import { parseCommand } from '../../src/domain/parse-command.js';

const examples = (name: string): string => fileURLToPath(new URL(`../../examples/${name}`, import.meta.url));

export const SEED_STORY = examples('seed-story.ndjson');
export const FOLLOW_UP_STORY = examples('follow-up-story.ndjson');

/** Reads an NDJSON story file as the CLI does: one command a line, blank lines skipped, 1-based line numbers. */
export async function readStoryFile(path: string): Promise<Command[]> {
  const lines = (await readFile(path, 'utf8')).split('\n');
  const commands: Command[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    commands.push(parseCommand(JSON.parse(line), index + 1));
  });
  return commands;
}
