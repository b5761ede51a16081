import { removeRunDir } from './run-dir';

export default function globalTeardown(): void {
  removeRunDir();
}
