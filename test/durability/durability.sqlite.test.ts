import { durabilitySuite } from './durability.suite';

// Crash (SIGKILL), verify-audit, online backup/restore and graceful shutdown on SQLite; see the suite.
durabilitySuite('sqlite');
