import { sessionUserOutput } from './sign-in.schema';

export const meOutput = sessionUserOutput.nullable();
