import bwipjs from 'bwip-js';

/** What a return's QR code carries: enough for a drop-off point or the warehouse scanner to find
 * the return, and nothing about the shopper. */
export function returnQrPayload(returnNumber: string, orderNumber: string): string {
  return `RETOUR:${returnNumber}:${orderNumber}`;
}

/** A QR code as SVG: sharp at any screen size, and a few kilobytes. The white background and quiet
 * zone are part of the image because scanners need them and the page behind it may be dark. */
export function qrCodeSvg(payload: string): string {
  const svg = bwipjs.toSVG({
    bcid: 'qrcode',
    text: payload,
    scale: 4,
    paddingwidth: 4,
    paddingheight: 4,
    backgroundcolor: 'FFFFFF',
  });
  // Inlined, it is announced as one picture rather than a pile of paths; the caller gives the alt text.
  return svg.replace(/^<svg\b/, '<svg role="img"');
}
