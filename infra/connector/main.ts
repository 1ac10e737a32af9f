/**
 * `npm run agency -- --agency ID [...]`: the reference agency connector (see connector.ts), and
 * `npm run agency -- decide --agency ID --dossier CODE --type TYPE [...]` for one decision.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../local/config.ts';
import { AgencyApi, agencyTokenSource, decisionFromFlags, decisionTypes, sendDecision, type DecisionFlags, type DecisionType } from './api.ts';
import { startConnector } from './connector.ts';

const help = `Cách dùng / usage:

  npm run agency -- --agency ID [--out DIR] [--api URL] [--queue-url URL] [--token JWT]
                    [--decide TYPE [decision flags]] [--once] [--idle-seconds N]
      Subscribes to the agency's FIFO queue, prints each dossier, downloads its scans into
      DIR/<dossier code>/<slot>.<ext> (SHA-256 checked against the message), and with --decide
      sends that decision for every new dossier. Ctrl-C stops after the message in hand.

  npm run agency -- decide --agency ID --dossier CODE --type TYPE [decision flags] [--idempotency-key K]
      Sends one decision. Repeat it with the same --idempotency-key to retry safely.

Decision types and their flags (the data of the forms they stand for):
  accept               [--note TEXT]
  request-supplement   --item "slot|document|reason" (repeatable; slot optional) --officer NAME
  reject               --reason TEXT --legal-basis TEXT --officer NAME
  extend               --reason TEXT --new-due-date YYYY-MM-DD --signer NAME
  complete             --result FILE (repeatable: result-1, result-2, ...) [--summary TEXT]
  complete and extend first accept a dossier the agency has not taken up yet.

Options:
  --agency ID          agency id from the province data (e.g. gl-stp)
  --out DIR            default: <data dir>/agency/<ID>
  --api URL            motcua API (default: MOTCUA_API_URL, else http://localhost:$PORT or 3000)
  --queue-url URL      default: GetQueueUrl of <prefix>-agency-<ID>.fifo. In AWS the URL is also
                       the SSM parameter /<prefix>/agencies/<ID>/queue-url (readable by the
                       agency's role): --queue-url "$(aws ssm get-parameter --name
                       /motcua/agencies/<ID>/queue-url --query Parameter.Value --output text)"
  --prefix P           resource name prefix (default motcua)
  --token JWT          agency JWT (default: MOTCUA_AGENCY_TOKEN). Without one, against the local
                       cloud only, a token is minted with the key set of npm start, found under
                       MOTCUA_DATA_DIR or .motcua/ (the same as npm run token -- --role agency --agency ID)
  --once               exit once the queue has stayed empty for --idle-seconds (default 5)

SQS is reached through the standard AWS SDK settings: AWS_REGION, credentials, and locally
AWS_ENDPOINT_URL_SQS (npm start prints the exports to copy). A message that fails is left on
the queue: it comes back after the visibility timeout and after 5 receives lands in the DLQ.`;

function fail(message: string): never {
  console.error(`agency: ${message}`);
  process.exit(2);
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      agency: { type: 'string' },
      out: { type: 'string' },
      api: { type: 'string' },
      'queue-url': { type: 'string' },
      prefix: { type: 'string' },
      token: { type: 'string' },
      decide: { type: 'string' },
      once: { type: 'boolean' },
      'idle-seconds': { type: 'string' },
      dossier: { type: 'string' },
      type: { type: 'string' },
      note: { type: 'string' },
      item: { type: 'string', multiple: true },
      officer: { type: 'string' },
      reason: { type: 'string' },
      'legal-basis': { type: 'string' },
      signer: { type: 'string' },
      'new-due-date': { type: 'string' },
      summary: { type: 'string' },
      result: { type: 'string', multiple: true },
      'idempotency-key': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return console.log(help);
  const command = positionals[0] ?? 'listen';
  if (command !== 'listen' && command !== 'decide') fail(`unknown command "${command}"\n\n${help}`);
  const agencyId = values.agency ?? fail('--agency ID is required (npm run agency -- --help)');
  const apiUrl = values.api ?? process.env.MOTCUA_API_URL ?? `http://localhost:${process.env.PORT || 3000}`;
  const token = agencyTokenSource(agencyId, values.token ?? process.env.MOTCUA_AGENCY_TOKEN);
  const flags = (type: string | undefined): DecisionFlags => {
    if (!decisionTypes.includes(type as DecisionType)) fail(`decision type must be one of ${decisionTypes.join(', ')}`);
    return {
      type: type as DecisionType,
      note: values.note,
      items: values.item,
      officer: values.officer,
      reason: values.reason,
      legalBasis: values['legal-basis'],
      signer: values.signer,
      newDueDate: values['new-due-date'],
      summary: values.summary,
      results: values.result?.map((f) => path.resolve(f)),
    };
  };

  if (command === 'decide') {
    const code = values.dossier ?? fail('decide needs --dossier CODE');
    const decision = flags(values.type);
    decisionFromFlags(decision); // refuse incomplete flags before printing a key
    const key = values['idempotency-key'] ?? randomUUID();
    console.log(`Idempotency-Key: ${key} (gửi lại với --idempotency-key ${key} nếu cần thử lại)`);
    await sendDecision(new AgencyApi(apiUrl, token), code, decision, key, (line) => console.log(line));
    return;
  }

  const connector = await startConnector({
    agencyId,
    outDir: path.resolve(values.out ?? path.join(defaultDataDir(), 'agency', agencyId)),
    apiUrl,
    token,
    ...(values['queue-url'] ? { queueUrl: values['queue-url'] } : {}),
    ...(values.prefix ? { prefix: values.prefix } : {}),
    ...(values.decide ? { decide: flags(values.decide) } : {}),
    once: values.once ?? false,
    idleMs: Number(values['idle-seconds'] ?? 5) * 1000,
  });
  console.log(`Đang nhận hồ sơ của cơ quan ${agencyId} từ ${connector.queueUrl}${values.once ? ' (--once)' : ' (Ctrl-C để dừng)'}`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.log(`${signal}: dừng sau thông điệp đang xử lý`);
      void connector.stop();
    });
  }
  await connector.finished;
  const processed = connector.handled.filter((h) => h.outcome === 'processed').length;
  console.log(`Đã dừng: ${processed} thông điệp đã xử lý, ${connector.handled.length - processed} nhận trùng, ${connector.failures.length} lỗi`);
  if (values.once && connector.failures.length) process.exitCode = 1;
}

main().catch((err: Error) => fail(err.message));
