import type { Command } from 'commander';
import type { ApiOptions } from './api-client';
import type { OutputOptions } from './output';

export type GlobalOptions = ApiOptions & OutputOptions;

/** The options every command shares (declared on the program in main.ts). */
export function globalOptions(program: Command): GlobalOptions {
  return program.opts<GlobalOptions>();
}
