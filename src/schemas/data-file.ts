import { z } from 'astro/zod';

/** A file in data/codes is a YAML list of records (reply-code and/or enhanced-code records). */
export const codeFileSchema = z.array(z.unknown()).min(1, 'the file holds no records');
