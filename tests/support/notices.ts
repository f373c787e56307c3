/**
 * Notice texts shared by the unit and the end-to-end tests of quoted notices (a customer's forward
 * or reply): written for these tests in the shape of Gmail's code-less permanent failure.
 */

/** A permanent failure in words only, no code: found behind "> " only when read as the quoted notice. */
export const WORDS_ONLY_NOTICE = [
  'Delivery to the following recipient failed permanently:',
  '',
  '     bob@example.net',
  '',
  'Technical details of permanent failure:',
  'The email account that you tried to reach does not exist.',
];
