#!/usr/bin/env node
'use strict';
/*
 * TrainableSpec corpus adapter for TensorFlow.js 4.22 (profile tfjs-4.22), pure-JavaScript CPU backend.
 *
 * Reads one case (trainable-spec/case/2) on standard input, runs it in TensorFlow.js and writes one result
 * (trainable-spec/result/2) on standard output. Check it with:
 *     (cd examples/tfjs && npm ci)
 *     trainable-spec export --profile tfjs-4.22 --out corpus
 *     trainable-spec verify --profile tfjs-4.22 --corpus corpus --command "node examples/tfjs/adapter.js"
 *
 * stdout carries the result only: tfjs writes its messages with console.warn (stderr), and console.log is sent
 * to stderr too in case. A crash (any exception but the refusal below) exits with code 1 and its stack on stderr.
 */
const fs = require('fs');
const tf = require('@tensorflow/tfjs');

console.log = console.error;
// The CPU backend greets Node.js users on its first tensor ("Hi, looks like you are running TensorFlow.js in
// Node.js ...") through tfjs-core's warn(), which production mode silences; in 4.22 the PROD flag is read by
// that warn() and log() only, so nothing else changes. fit's discrepancy warning is a plain console.warn and
// still fires.
tf.enableProdMode();

// The two ways a fit throws that the profile predicts; any other exception is a crash.
// 1. tfjs-core's variableGrads (tfjs-core/src/gradients.ts) asserts that at least one variable handed to
//    optimizer.minimize is trainable; model.fit hands it model.collectedTrainableWeights.
// 2. Momentum and Adam keep their state by position in that list (tfjs-core/src/optimizers/momentum_optimizer.ts,
//    adam_optimizer.ts: this.accumulations[i]); after a recompile with the same optimizer puts a bias at a position
//    whose state was made for a kernel (or the reverse), Variable.assign (tfjs-core/src/tensor.ts) throws on the
//    shapes, after the entries before it have stepped (the bug of tensorflow/tfjs#4290).
const NOTHING_TO_TRAIN =
  /^variableGrads\(\) expects at least one of the input variables to be trainable, but none of the \d+ variables is trainable\.$/;
const STATE_OF_ANOTHER_SHAPE = /^shape of the new value \([\d,]*\) and previous value \([\d,]*\) must match$/;
const predictedThrow = e => NOTHING_TO_TRAIN.test(e && e.message) || STATE_OF_ANOTHER_SHAPE.test(e && e.message);

// tfjs-layers' LayersModel.checkTrainableWeightsConsistency (tfjs-layers/src/engine/training.ts), called by fit.
const DISCREPANCY = /^Discrepancy between trainableweights and collected trainable weights/;

let stage = 'reading the case'; // named in a crash's first line on stderr

async function main() {
  const testCase = JSON.parse(fs.readFileSync(0, 'utf8'));
  if (testCase.format !== 'trainable-spec/case/2') {
    throw new Error(`Expected a trainable-spec/case/2 document, got ${JSON.stringify(testCase.format)}.`);
  }
  await tf.setBackend('cpu');
  stage = 'building the tree';

  const { layers, variables } = build(testCase.tree, testCase.initialWeights);
  const model = layers.get(testCase.tree.root);
  const x = () => tf.tensor2d(testCase.data.x);
  const y = () => tf.tensor2d(testCase.data.y);
  const optimizers = new Map();

  const readWeights = () => {
    const weights = {};
    for (const [name, variable] of variables) weights[name] = Array.from(variable.read().dataSync());
    return weights;
  };
  const flags = () => Object.fromEntries([...layers].map(([name, layer]) => [name, layer.trainable]));
  const nameOf = new Map([...variables].map(([name, variable]) => [variable, name]));

  const result = { format: 'trainable-spec/result/2', case: testCase.name, initialWeights: readWeights(), steps: [] };
  for (const [index, step] of testCase.script.entries()) {
    stage = `script step ${index} (${step.op})`;
    let collected = [];
    let warning = null;
    let error = null;
    switch (step.op) {
      case 'setTrainable':
        layers.get(step.node).trainable = step.value;
        break;
      case 'setVariableTrainable':
        variables.get(step.weight).trainable = step.value;
        break;
      case 'compile':
        model.compile({ optimizer: optimizer(optimizers, step.optimizer), loss: 'meanSquaredError' });
        // The LayerVariable objects compile collected, repeats kept (a layer reached through two containers
        // is listed twice), mapped back to the case's names by identity.
        collected = model.collectedTrainableWeights.map(v => {
          if (!nameOf.has(v)) throw new Error(`compile collected a variable the case does not name: ${v.name}`);
          return nameOf.get(v);
        });
        break;
      case 'fit': {
        const warnings = [];
        const warn = console.warn;
        console.warn = (...args) => {
          const message = args.join(' ');
          if (DISCREPANCY.test(message)) warnings.push(message);
          else warn(...args);
        };
        const [xs, ys] = [x(), y()];
        try {
          await model.fit(xs, ys, {
            epochs: step.epochs, batchSize: step.batchSize, shuffle: step.shuffle, verbose: 0,
          });
        } catch (e) {
          if (!predictedThrow(e)) throw e;
          error = e.message;
        } finally {
          console.warn = warn;
          tf.dispose([xs, ys]);
        }
        if (warnings.length > 0) warning = { message: warnings.join('\n') };
        break;
      }
      default:
        throw new Error(`Unknown script step ${JSON.stringify(step.op)}.`);
    }
    const observed = { flags: flags(), collected, warning, refused: error !== null };
    if (error !== null) observed.error = error;
    observed.weights = readWeights();
    result.steps.push(observed);
  }
  process.stdout.write(JSON.stringify(result) + '\n');
}

/**
 * Builds every node of the tree once: dense and batch-normalization layers, and a functional tf.model per
 * container (applied as a layer inside the containers that call it). Returns the layers by case name and the
 * case's weights (LayerVariables) by case name, with the initial weights loaded.
 */
function build(tree, initialWeights) {
  const specs = new Map(tree.nodes.map(node => [node.name, node]));
  const layers = new Map();
  const variables = new Map();

  const layer = name => {
    if (layers.has(name)) return layers.get(name); // a node named twice is one shared instance
    const node = specs.get(name);
    if (node === undefined) throw new Error(`The tree has no node named ${JSON.stringify(name)}.`);
    let made;
    switch (node.kind) {
      case 'dense':
        made = tf.layers.dense({ units: tree.width, activation: node.activation, useBias: node.useBias, name });
        break;
      case 'batchNormalization':
        // The case's layer has no scale (scale: false), but tfjs 4.22 crashes training a batchNormalization
        // with scale: false (tensorflow/tfjs#2868: BatchNormalization.call passes this.gamma.read() to
        // normalizeBatchInTraining and there is no gamma: "Cannot read properties of undefined (reading 'read')"),
        // so the layer has a gamma, initialised to 1 and kept out of training below (freezeGamma).
        made = tf.layers.batchNormalization({
          momentum: node.momentum, epsilon: node.epsilon, center: true, scale: true, name,
        });
        break;
      case 'container': {
        const input = tf.input({ shape: [tree.width] });
        let output = input;
        for (const call of node.calls) output = layer(call).apply(output); // the same object each time it is called
        made = tf.model({ inputs: input, outputs: output, name });
        break;
      }
      default:
        throw new Error(`Unknown node kind ${JSON.stringify(node.kind)}.`);
    }
    layers.set(name, made);
    return made;
  };
  layer(tree.root); // builds every node the root reaches: the case's trees have no others

  // Layers are built when first applied; now load the case's weights, in the layer's weights order
  // (dense: kernel [inputDim, units], the case's row-major input-major layout, then bias;
  // batchNormalization: gamma, beta, moving_mean, moving_variance).
  const value = (node, weight) => {
    const values = initialWeights[`${node.name}/${weight}`];
    if (values === undefined) throw new Error(`initialWeights has no ${node.name}/${weight}.`);
    return values;
  };
  for (const node of tree.nodes) {
    const made = layers.get(node.name);
    const w = tree.width;
    if (node.kind === 'dense') {
      const bias = node.useBias ? [tf.tensor1d(value(node, 'bias'))] : [];
      made.setWeights([tf.tensor2d(value(node, 'kernel'), [w, w]), ...bias]);
    } else if (node.kind === 'batchNormalization') {
      const [beta, mean, variance] = ['beta', 'moving_mean', 'moving_variance'].map(n => tf.tensor1d(value(node, n)));
      made.setWeights([tf.ones([w]), beta, mean, variance]);
      freezeGamma(made);
    } else {
      continue;
    }
    // Name the case's weights by the layer's own variables (compared by identity later, never by tfjs'
    // uniquified variable names); gamma is not one of the case's weights.
    for (const variable of made.weights) {
      const name = `${node.name}/${variable.originalName.split('/').pop()}`;
      if (name !== `${node.name}/gamma`) variables.set(name, variable);
    }
  }
  return { layers, variables };
}

/**
 * Keeps the batch normalization's gamma (fixed at 1) from ever training. Setting gamma.trainable = false
 * would not last: Layer's trainable setter (bn.trainable = v) and Container's (parent.trainable = v) rewrite the
 * flag of every variable in the layer's trainable-weights list, so a later unfreeze would make gamma trainable
 * again, collect it and train it. Instead gamma is moved from the layer's trainable weights to its
 * non-trainable weights, with the public trainableWeights / nonTrainableWeights setters, as a weight created
 * non-trainable (like the moving statistics). Consequence: gamma is never in trainableWeights, never collected,
 * never counted by fit's discrepancy check or by variableGrads' "none is trainable" check, and no flag
 * assignment reaches it: the layer behaves as the case's scale-free layer. The layer's weights order becomes
 * beta, gamma, moving_mean, moving_variance (getWeights / setWeights would follow it; this adapter does not
 * use them after this point).
 */
function freezeGamma(bn) {
  const gamma = bn.gamma;
  const nonTrainable = bn.nonTrainableWeights; // all flags are still true: the moving statistics
  bn.trainableWeights = bn.trainableWeights.filter(v => v !== gamma);
  bn.nonTrainableWeights = [gamma, ...nonTrainable];
  gamma.trainable = false;
}

/** The optimizer for a compile; compiles with the same id share one object (its state and step count go on). */
function optimizer(optimizers, spec) {
  if (!optimizers.has(spec.id)) {
    switch (spec.kind) {
      case 'sgd':
        optimizers.set(spec.id, tf.train.sgd(spec.learningRate));
        break;
      case 'momentum':
        optimizers.set(spec.id, tf.train.momentum(spec.learningRate, spec.momentum, false));
        break;
      case 'nesterov':
        optimizers.set(spec.id, tf.train.momentum(spec.learningRate, spec.momentum, true));
        break;
      case 'adam':
        optimizers.set(spec.id, tf.train.adam(spec.learningRate, spec.beta1, spec.beta2, spec.epsilon));
        break;
      case 'adamw':
        throw new Error('TensorFlow.js 4.22 has no AdamW (tf.train offers sgd, momentum, adagrad, adadelta, adam, '
          + 'adamax, rmsprop); a tfjs-4.22 case should not ask for it.');
      default:
        throw new Error(`Unknown optimizer kind ${JSON.stringify(spec.kind)}.`);
    }
  }
  return optimizers.get(spec.id);
}

main().catch(e => {
  console.error(`tfjs adapter: ${stage}: ${e && e.message}`);
  console.error(e && e.stack ? e.stack : String(e));
  process.exitCode = 1;
});
