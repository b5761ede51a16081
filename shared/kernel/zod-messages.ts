import { config } from 'zod/mini';
import { en } from 'zod/v4/locales';

/**
 * The schemas use `zod/mini`, which loads no locale: without one, every issue that has no
 * message of its own would read "Invalid input". Loading the English messages here, once, keeps
 * the 400s and start-up errors as specific as classic zod's ("Invalid input: expected string,
 * received number"). Imported for its effect by every module that turns issues into text.
 */
config(en());
