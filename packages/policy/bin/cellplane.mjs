#!/usr/bin/env node
// Registers tsx from this package's location (so the command works from
// any directory), then runs the TypeScript entry point.
import { register } from 'tsx/esm/api';

register();
await import('./cellplane-main.ts');
