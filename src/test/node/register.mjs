// Use as: node --import ./register.mjs client.mjs ...   (installs hooks.mjs before the SDK is imported)
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
