/**
 * The printable destruction certificate, in English and Chinese side by side (a reviewer on either
 * side of the deal reads it), with methods and categories in words and times in UTC. Every value is
 * escaped by hono/html; identifiers, hashes and the signature stay verbatim for verification.
 */
import { html } from 'hono/html';
import type { SignedCertificate } from '../../../../shared/src/certificate.schema.ts';
import type { FileCategory } from '../../../../shared/src/file.schema.ts';

/** English / Chinese, as one label. */
type Words = readonly [en: string, zh: string];

const METHODS: Record<string, Words> = {
  'local-ciphertext-deleted': ['encrypted bytes deleted', '加密数据已删除'],
  'local-keyfile-overwritten-and-deleted': ['key file overwritten and deleted', '密钥文件已覆写并删除'],
  's3-delete-all-versions': ['every S3 object version deleted', '已删除全部 S3 对象版本'],
  'kms-schedule-key-deletion-7d': ['KMS key deletion scheduled (7 days)', '已安排删除 KMS 密钥（7 天）'],
};

const TRIGGERS: Record<string, Words> = {
  retention: ['retention period ended', '保留期届满'],
  manual: ['destroyed on request', '依申请销毁'],
  'file-expiry': ['file expiry date reached', '文件到期'],
  'deal-destroy': ['deal destroyed', '随交易销毁'],
  'rejected-upload': ['upload failed verification', '上传未通过校验'],
};

const CATEGORIES: Record<FileCategory, Words> = {
  basic_info: ['basic information', '基本信息'],
  transactions: ['transactions', '交易记录'],
  contracts: ['contracts', '合同'],
  payments: ['payments', '支付信息'],
  communications: ['communications', '通信记录'],
  other: ['other', '其他'],
};

/** A label in both languages, or the raw value where we have no words for it. */
const both = (words: Words | undefined, raw: string) => (words ? `${words[0]} / ${words[1]}` : raw);

/** `2026-11-23T21:57:23.000Z` → `2026-11-23 21:57:23 UTC`. */
const utc = (iso: string | undefined) => (iso ? `${iso.slice(0, 19).replace('T', ' ')} UTC` : '—');

export function certificateHtml({ certificate: c, signature }: SignedCertificate) {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Destruction certificate / 数据销毁证明 — ${c.deal.name}</title>
<style>
  body { font: 14px/1.5 system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; margin: 2rem auto; max-width: 60rem; color: #111; }
  table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #999; padding: .3rem .5rem; text-align: left; vertical-align: top; }
  code { font-size: 12px; word-break: break-all; } .zh { color: #333; }
  @media print { body { margin: 0; } }
</style>
</head>
<body>
<h1>Certificate of data destruction <span lang="zh-CN" class="zh">数据销毁证明</span></h1>
<p>Certificate / 证明编号 <code>${c.id}</code>, issued / 签发时间 ${utc(c.issuedAt)}.</p>
<p>Deal / 交易 <strong>${c.deal.name}</strong> (<code>${c.deal.id}</code>),
created / 创建 ${utc(c.deal.createdAt)}, closed / 关闭 ${utc(c.deal.closedAt)}.<br>
Destruction trigger / 销毁原因: ${both(TRIGGERS[c.trigger], c.trigger)}.</p>
<h2>Files destroyed / 已销毁文件 (${c.files.length})</h2>
<table>
<thead><tr><th>File / 文件</th><th>Size (bytes) / 大小（字节）</th><th>SHA-256</th><th>Category / 类别</th><th>Destroyed at / 销毁时间</th><th>Method / 方式</th></tr></thead>
<tbody>
${c.files.map(
  (f) =>
    html`<tr><td>${f.name}<br><code>${f.id}</code></td><td>${f.size.toLocaleString('en')}</td><td><code>${f.sha256 ?? '—'}</code></td><td>${both(CATEGORIES[f.category], f.category)}</td><td>${utc(f.destroyedAt)}</td><td>${both(METHODS[f.method], f.method)}<br>${both(TRIGGERS[f.trigger], f.trigger)}</td></tr>`,
)}
</tbody>
</table>
<h2>Keys and storage / 密钥与存储</h2>
<p>Deal key / 交易密钥 <code>${c.key.keyId}</code>: ${both(METHODS[c.key.method], c.key.method)}, ${utc(c.key.destroyedAt)}.<br>
Storage / 存储: ${both(METHODS[c.storage.method], c.storage.method)}, completed / 完成于 ${utc(c.storage.completedAt)}.</p>
<h2>Audit / 审计</h2>
<p>Audit log head at destruction / 销毁时审计日志末条: ${c.auditHead ? html`event / 事件 ${c.auditHead.seq}, hash <code>${c.auditHead.hash}</code>` : 'no events / 无事件'}.</p>
<h2>Signature / 签名</h2>
<p>${signature.alg}, key / 密钥 <code>${signature.kid}</code> (public key / 公钥: <code>/api/v1/certificates/public-key</code>).</p>
<p><code>${signature.jws}</code></p>
</body>
</html>`;
}
