import { createRunDir } from './run-dir';

export default function globalSetup(): void {
  createRunDir();
}
