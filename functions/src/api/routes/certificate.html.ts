/** The printable destruction certificate. Every value is escaped by hono/html. */
import { html } from 'hono/html';
import type { SignedCertificate } from '../../../../shared/src/certificate.schema.ts';

export function certificateHtml({ certificate: c, signature }: SignedCertificate) {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Destruction certificate — ${c.deal.name}</title>
<style>
  body { font: 14px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; color: #111; }
  table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #999; padding: .3rem .5rem; text-align: left; }
  code { font-size: 12px; word-break: break-all; } @media print { body { margin: 0; } }
</style>
</head>
<body>
<h1>Certificate of data destruction</h1>
<p>Certificate <code>${c.id}</code>, issued ${c.issuedAt}.</p>
<p>Deal <strong>${c.deal.name}</strong> (<code>${c.deal.id}</code>), created ${c.deal.createdAt}, closed ${c.deal.closedAt ?? '—'}.
Destruction trigger: ${c.trigger}.</p>
<h2>Files destroyed (${c.files.length})</h2>
<table>
<thead><tr><th>File</th><th>Size (bytes)</th><th>SHA-256</th><th>Category</th><th>Destroyed at</th><th>Method</th></tr></thead>
<tbody>
${c.files.map(
  (f) =>
    html`<tr><td>${f.name}<br><code>${f.id}</code></td><td>${f.size}</td><td><code>${f.sha256 ?? '—'}</code></td><td>${f.category}</td><td>${f.destroyedAt}</td><td>${f.method} (${f.trigger})</td></tr>`,
)}
</tbody>
</table>
<h2>Keys and storage</h2>
<p>Deal key <code>${c.key.keyId}</code>: ${c.key.method}, ${c.key.destroyedAt}.<br>
Storage: ${c.storage.method}, completed ${c.storage.completedAt}.</p>
<h2>Audit</h2>
<p>Audit log head at destruction: ${c.auditHead ? html`event ${c.auditHead.seq}, hash <code>${c.auditHead.hash}</code>` : 'no events'}.</p>
<h2>Signature</h2>
<p>${signature.alg}, key <code>${signature.kid}</code> (public key: <code>/api/v1/certificates/public-key</code>).</p>
<p><code>${signature.jws}</code></p>
</body>
</html>`;
}
