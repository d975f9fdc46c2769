#!/usr/bin/env python3
"""A complete TrainableSpec corpus adapter in plain Python: Keras 2.1.6 freezing semantics.

Reads one case (case.schema.json, format 2) on standard input and writes its result (result.schema.json) on
standard output. It implements the keras-2.1.6 profile with SGD and dense layers only, so export its corpus with
the rules generator alone (no stateful optimizers, no batch normalization):
    trainable-spec export --out corpus --generators rules
    trainable-spec verify --corpus corpus --profile keras-2.1.6 --command "python3 examples/python/keras_adapter.py"
"""
import json
import math
import sys

ACTIVATIONS = {
    "linear": (lambda z: z, lambda out: 1.0),
    "sigmoid": (lambda z: 1.0 / (1.0 + math.exp(-z)), lambda out: out * (1.0 - out)),
    "tanh": (math.tanh, lambda out: 1.0 - out * out),
}


def weight_names(node):
    return [node["name"] + "/kernel"] + ([node["name"] + "/bias"] if node["useBias"] else [])


def trainable(nodes, root, flags):
    """A weight trains when every flag on some path from the root to its layer is true; each weight once."""
    found = []

    def walk(name):
        if not flags[name]:
            return
        node = nodes[name]
        if node["kind"] == "container":
            for call in node["calls"]:
                walk(call)
        else:
            found.extend(w for w in weight_names(node) if w not in found)

    walk(root)
    return found


def sequence(nodes, name):
    node = nodes[name]
    return [d for call in node["calls"] for d in sequence(nodes, call)] if node["kind"] == "container" else [node]


def gradients(nodes, root, width, weights, x, y):
    layers = sequence(nodes, root)
    grads = {name: [0.0] * len(values) for name, values in weights.items()}
    scale = 2.0 / (len(x) * width)
    for xs, ys in zip(x, y):
        outputs = [list(xs)]
        for layer in layers:
            f, _ = ACTIVATIONS[layer["activation"]]
            kernel, bias = weights[layer["name"] + "/kernel"], weights.get(layer["name"] + "/bias")
            inp = outputs[-1]
            outputs.append([f(sum(inp[i] * kernel[i * width + j] for i in range(width)) + (bias[j] if bias else 0.0)) for j in range(width)])
        delta = [scale * (o - t) for o, t in zip(outputs[-1], ys)]
        for k in range(len(layers) - 1, -1, -1):
            layer, inp, out = layers[k], outputs[k], outputs[k + 1]
            _, derivative = ACTIVATIONS[layer["activation"]]
            local = [delta[j] * derivative(out[j]) for j in range(width)]
            kernel = weights[layer["name"] + "/kernel"]
            kernel_grad = grads[layer["name"] + "/kernel"]
            for i in range(width):
                for j in range(width):
                    kernel_grad[i * width + j] += inp[i] * local[j]
            if layer["useBias"]:
                for j in range(width):
                    grads[layer["name"] + "/bias"][j] += local[j]
            delta = [sum(local[j] * kernel[i * width + j] for j in range(width)) for i in range(width)]
    return grads


def run(case):
    if case["profile"] != "keras-2.1.6":
        sys.exit(f"this adapter implements keras-2.1.6, not {case['profile']}")
    tree = case["tree"]
    nodes = {node["name"]: node for node in tree["nodes"]}
    weights = {name: list(values) for name, values in case["initialWeights"].items()}
    flags = {name: True for name in nodes}
    compiled, rate, steps = None, None, []
    for step in case["script"]:
        collected, warning = [], None
        if step["op"] == "setTrainable":
            flags[step["node"]] = step["value"]
        elif step["op"] == "compile":
            if step["optimizer"]["kind"] != "sgd":
                sys.exit(f"this adapter implements SGD only, not {step['optimizer']['kind']}")
            compiled, rate = trainable(nodes, tree["root"], flags), step["optimizer"]["learningRate"]
            collected = list(compiled)
        else:
            now = trainable(nodes, tree["root"], flags)
            if set(now) != set(compiled):
                warning = {"nowTrainable": [w for w in now if w not in compiled], "nowFrozen": [w for w in compiled if w not in now]}
            grads = gradients(nodes, tree["root"], tree["width"], weights, case["data"]["x"], case["data"]["y"])
            for name in compiled:
                weights[name] = [w - rate * g for w, g in zip(weights[name], grads[name])]
        steps.append({"flags": dict(flags), "collected": collected, "warning": warning, "refused": False,
                      "weights": {n: list(v) for n, v in weights.items()}})
    return {"format": "trainable-spec/result/2", "case": case["name"], "initialWeights": case["initialWeights"], "steps": steps}


if __name__ == "__main__":
    json.dump(run(json.load(sys.stdin)), sys.stdout)
