import type { Request, Response } from 'express';
import type { Csrf } from '../../server/platform/auth/csrf';
import multer from 'multer';
import type { Scan } from '../../server/market';
import { ValidationError } from '../../server/kernel/errors';
import { parseThenCheck } from '../../server/platform/http/multipart';

// Signed paper consents (rule 2): PDF, JPEG or PNG, recognised by their first bytes rather
// than by name or declared type, at most 5 MB; kept in the database (server/market/scans.ts),
// so the name the browser sent is never used.

export const MAX_SCAN_BYTES = 5 * 1024 * 1024;
const TYPES: { mime: string; ext: string; magic: number[] }[] = [
  { mime: 'application/pdf', ext: 'pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { mime: 'image/jpeg', ext: 'jpg', magic: [0xff, 0xd8, 0xff] },
  { mime: 'image/png', ext: 'png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
];

export function sniff(buf: Buffer): { mime: string; ext: string } | null {
  return TYPES.find((t) => buf.length >= t.magic.length && t.magic.every((b, i) => buf[i] === b)) ?? null;
}

const parser = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_SCAN_BYTES, files: 1, fields: 10, fieldSize: 1024 },
}).single('scan');

/**
 * Parses the multipart body, then checks the CSRF token (server/platform/http/multipart.ts). A file refused
 * by the parser (too large) is kept as res.locals.uploadError for the action to report on its
 * own page, after the token has been checked.
 */
export const scanUpload = (csrf: Csrf) =>
  parseThenCheck(csrf.protect, parser, (err, _req, res, next) => {
    res.locals.uploadError =
      err.code === 'LIMIT_FILE_SIZE'
        ? new ValidationError({ scan: { code: 'upload.size', params: { max: '5 MB' } } })
        : new ValidationError({ scan: { code: 'upload.type', params: { types: 'PDF, JPEG, PNG' } } });
    next();
  });

/** Checks the uploaded file: its bytes and the type its content shows. */
export function checkedScan(req: Request, res: Response): Scan {
  if (res.locals.uploadError) throw res.locals.uploadError;
  const file = req.file;
  if (!file?.size) throw new ValidationError({ scan: { code: 'upload.missing' } });
  const type = sniff(file.buffer);
  if (!type) throw new ValidationError({ scan: { code: 'upload.type', params: { types: 'PDF, JPEG, PNG' } } });
  return { bytes: file.buffer, mime: type.mime };
}

// An objection's evidence (issue 20): a photo or a PDF, optional, the same checks as a consent scan.
const evidenceParser = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_SCAN_BYTES, files: 1, fields: 10, fieldSize: 4096 },
}).single('attachment');

export const evidenceUpload = (csrf: Csrf) =>
  parseThenCheck(csrf.protect, evidenceParser, (err, _req, res, next) => {
    res.locals.uploadError =
      err.code === 'LIMIT_FILE_SIZE'
        ? new ValidationError({ attachment: { code: 'upload.size', params: { max: '5 MB' } } })
        : new ValidationError({ attachment: { code: 'upload.type', params: { types: 'PDF, JPEG, PNG' } } });
    next();
  });

/** The evidence sent with an objection, recognised by its content; null when none was chosen. */
export function checkedEvidence(req: Request, res: Response): Scan | null {
  if (res.locals.uploadError) throw res.locals.uploadError;
  const file = req.file;
  if (!file?.size) return null;
  const type = sniff(file.buffer);
  if (!type) throw new ValidationError({ attachment: { code: 'upload.type', params: { types: 'PDF, JPEG, PNG' } } });
  return { bytes: file.buffer, mime: type.mime };
}
