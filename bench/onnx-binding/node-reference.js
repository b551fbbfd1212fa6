// Reference timing (test only): ONNX Runtime through onnxruntime-node on the same model, options and batches as the
// managed side. Usage: node node-reference.js MODEL THREADS
// Then reads one request per stdin line, "BATCH ITERATIONS", runs that many timed session.run calls and answers with
// one JSON line {"batch":B,"ms":[...],"logits":[...]} so the caller can alternate short rounds of both sides.
'use strict';
const readline = require('readline');
const ort = require('onnxruntime-node');

async function main() {
  const [model, threads] = process.argv.slice(2);
  const session = await ort.InferenceSession.create(model, {
    intraOpNumThreads: Number(threads),
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    // Same session config entry as the managed side and `mlops serve`: intra-op threads sleep between runs.
    extra: { 'session.intra_op.allow_spinning': '0' },
  });
  const inputName = session.inputNames[0];
  const outputName = session.outputNames[0];
  const byBatch = new Map();
  const buffers = (batch) => {
    if (!byBatch.has(batch)) {
      const data = new Float32Array(batch * 3 * 32 * 32);
      for (let i = 0; i < data.length; i++) data[i] = Math.sin((i + 1) * 0.37);
      const logits = new Float32Array(batch * 10);
      byBatch.set(batch, {
        feeds: { [inputName]: new ort.Tensor('float32', data, [batch, 3, 32, 32]) },
        // A pre-allocated output, as the managed side writes into a caller buffer.
        fetches: { [outputName]: new ort.Tensor('float32', logits, [batch, 10]) },
        logits,
      });
    }
    return byBatch.get(batch);
  };

  console.log(JSON.stringify({ ready: true, version: require('onnxruntime-node/package.json').version }));
  for await (const line of readline.createInterface({ input: process.stdin })) {
    const [batch, iterations] = line.trim().split(/\s+/).map(Number);
    const { feeds, fetches, logits } = buffers(batch);
    const ms = [];
    for (let i = 0; i < iterations; i++) {
      const start = process.hrtime.bigint();
      const result = await session.run(feeds, fetches);
      ms.push(Number(process.hrtime.bigint() - start) / 1e6);
      // The binding fills the caller's buffer and returns its own tensor of the same values.
      if (result[outputName].data[0] !== logits[0]) throw new Error('output was not written into the caller buffer');
    }
    console.log(JSON.stringify({ batch, ms, logits: Array.from(logits) }));
  }
}

main().catch((error) => { console.error(error); process.exit(1); });
