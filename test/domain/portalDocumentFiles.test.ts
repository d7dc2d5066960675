import { describe, expect, it } from 'vitest';
import { documentFileName } from '../../web/portal/src/documentFiles.js';

describe("the portal's names of downloaded documents", () => {
  it('take the extension from the content type the route answered with', () => {
    expect(documentFileName('return-label-R1-box-2', 'application/zpl')).toBe('return-label-R1-box-2.zpl');
    expect(documentFileName('return-label-R1-box-2', 'application/pdf')).toBe('return-label-R1-box-2.pdf');
    expect(documentFileName('return-qr-R1-box-1', 'image/png')).toBe('return-qr-R1-box-1.png');
    expect(documentFileName('return-label-R1', 'Application/PDF; charset=binary')).toBe('return-label-R1.pdf');
  });

  it('call a document of a type they do not know a binary file, never a PDF', () => {
    expect(documentFileName('return-label-R1', 'application/octet-stream')).toBe('return-label-R1.bin');
    expect(documentFileName('return-label-R1', null)).toBe('return-label-R1.bin');
  });
});
