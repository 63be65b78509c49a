import { calendarCommands } from './calendar';
import type { CommandGroup } from './command';
import { deadLetterCommands } from './dead-letters';
import { districtCommands } from './district';
import { hazardsCommands } from './hazards';
import { historyCommands } from './history';
import { schoolCommands } from './school';
import { suppressionCommands } from './suppression';
import { tableCommands } from './table';
import { tokenCommands } from './token';

/**
 * The admin CLI's command groups, in the order `npm run admin -- help` lists them.
 *
 * To add a command group: write infra/cli/commands/<group>.ts exporting `defineGroup({ options,
 * commands, usage, examples })` (see command.ts), and add it to this list. Nothing else changes:
 * the runner parses its options, checks and dispatches its commands, and the help text shows its
 * section and examples.
 */
export const GROUPS: readonly CommandGroup[] = [
  districtCommands,
  schoolCommands,
  historyCommands,
  tokenCommands,
  hazardsCommands,
  suppressionCommands,
  deadLetterCommands,
  calendarCommands,
  tableCommands,
];
