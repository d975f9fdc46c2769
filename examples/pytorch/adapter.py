#!/usr/bin/python3
"""A TrainableSpec corpus adapter on real PyTorch (Debian 12's python3-torch, 1.13.1).

Reads one case (format trainable-spec/case/2, case.schema.json) on standard input, runs its script on torch
modules and writes the result (trainable-spec/result/2, result.schema.json) on standard output. Profiles:
    pytorch           compile = an optimizer over model.parameters() (every parameter, whatever requires grad)
    pytorch-filtered  compile = an optimizer over [p for p in model.parameters() if p.requires_grad]
Check it with:
    trainable-spec export --profile pytorch --out corpus
    trainable-spec verify --profile pytorch --corpus corpus --command "/usr/bin/python3 examples/pytorch/adapter.py"
"""
import json
import sys
import traceback

import torch
from torch import nn

PROFILES = ("pytorch", "pytorch-filtered")
ACTIVATIONS = {"linear": lambda z: z, "sigmoid": torch.sigmoid, "tanh": torch.tanh}

# How torch refuses a step; any other exception is a crash (non-zero exit, traceback on stderr).
# loss.backward() when no parameter requires grad: the loss has no graph (THPEngine_run_backward,
# torch/csrc/autograd/python_engine.cpp).
NOTHING_REQUIRES_GRAD = (RuntimeError, "element 0 of tensors does not require grad and does not have a grad_fn")
# torch.optim.Optimizer.__init__ over an empty list (torch/optim/optimizer.py).
EMPTY_PARAMETER_LIST = (ValueError, "optimizer got an empty parameter list")


class Dense(nn.Module):
    def __init__(self, width, use_bias, activation):
        super().__init__()
        self.linear = nn.Linear(width, width, bias=use_bias)
        self.activation = ACTIVATIONS[activation]

    def forward(self, x):
        return self.activation(self.linear(x))


class CentredBatchNorm(nn.Module):
    """Batch normalization with an offset and no scale. torch has no centre-only form (affine=True brings a
    trainable scale too), so: an affine-free BatchNorm1d plus a bias parameter of our own. torch's momentum is
    the weight of the new batch statistic, 1 - Keras' 0.99. In train mode torch normalizes with the biased batch
    variance and moves running_var towards the unbiased one; with one sample it raises ValueError."""

    def __init__(self, width, epsilon, momentum):
        super().__init__()
        self.norm = nn.BatchNorm1d(width, eps=epsilon, momentum=round(1 - momentum, 12), affine=False)
        self.beta = nn.Parameter(torch.zeros(width))

    def forward(self, x):
        return self.norm(x) + self.beta


class Container(nn.Module):
    """Applies its calls in order; a node called twice is the same module applied twice."""

    def __init__(self, calls):
        super().__init__()
        self.calls = nn.ModuleList(calls)  # parameters() lists a module held twice once

    def forward(self, x):
        for module in self.calls:
            x = module(x)
        return x


def build(tree):
    """The modules by node name, and the case's weight names mapped to the tensors that hold them."""
    specs = {node["name"]: node for node in tree["nodes"]}
    width, modules, weights = tree["width"], {}, {}

    def module(name):
        if name not in modules:
            node = specs[name]
            if node["kind"] == "container":
                modules[name] = Container([module(call) for call in node["calls"]])
            elif node["kind"] == "dense":
                dense = modules[name] = Dense(width, node["useBias"], node["activation"])
                weights[name + "/kernel"] = dense.linear.weight  # holds the case's kernel transposed
                if node["useBias"]:
                    weights[name + "/bias"] = dense.linear.bias
            else:
                bn = modules[name] = CentredBatchNorm(width, node["epsilon"], node["momentum"])
                weights[name + "/beta"] = bn.beta
                weights[name + "/moving_mean"] = bn.norm.running_mean
                weights[name + "/moving_variance"] = bn.norm.running_var
        return modules[name]

    for name in specs:
        module(name)
    return modules, weights


def is_kernel(name):
    return name.endswith("/kernel")


@torch.no_grad()
def load(weights, values):
    for name, tensor in weights.items():
        value = torch.tensor(values[name], dtype=torch.float32).reshape(tensor.shape)
        tensor.copy_(value.t() if is_kernel(name) else value)  # out = in . K, so nn.Linear's weight is K^T


def read(weights):
    """Every weight as float32 values; tolist() widens each to the double holding exactly that float32."""
    return {name: (t.detach().t() if is_kernel(name) else t.detach()).reshape(-1).tolist() for name, t in weights.items()}


def flag(module):
    """Modules have no flag of their own: a node is trainable when every parameter below it requires grad."""
    return all(p.requires_grad for p in module.parameters())


def optimizer(choice, params):
    kind, lr = choice["kind"], choice["learningRate"]
    if kind == "sgd":
        return torch.optim.SGD(params, lr=lr)
    if kind in ("momentum", "nesterov"):
        return torch.optim.SGD(params, lr=lr, momentum=choice["momentum"], nesterov=kind == "nesterov")
    betas = (choice["beta1"], choice["beta2"])
    if kind == "adam":
        return torch.optim.Adam(params, lr=lr, betas=betas, eps=choice["epsilon"])
    if kind == "adamw":
        return torch.optim.AdamW(params, lr=lr, betas=betas, eps=choice["epsilon"], weight_decay=choice["weightDecay"])
    raise ValueError(f"unknown optimizer kind {kind!r}")


def refusal(error, expected):
    kind, message = expected
    return isinstance(error, kind) and str(error).startswith(message)


def run(case):
    filtered = case["profile"] == "pytorch-filtered"
    tree = case["tree"]
    modules, weights = build(tree)
    model = modules[tree["root"]]
    load(weights, case["initialWeights"])
    names = {id(tensor): name for name, tensor in weights.items()}
    x = torch.tensor(case["data"]["x"], dtype=torch.float32)
    y = torch.tensor(case["data"]["y"], dtype=torch.float32)
    opt, by_id, steps = None, {}, []
    initial = read(weights)

    for step in case["script"]:
        collected, error = [], None
        if step["op"] == "setTrainable":
            modules[step["node"]].requires_grad_(step["value"])  # sets every parameter below the module
        elif step["op"] == "setVariableTrainable":
            weights[step["weight"]].requires_grad = step["value"]
        elif step["op"] == "compile":
            choice = step["optimizer"]
            try:
                if filtered:
                    # The list comprehension builds a new optimizer at every compile, so it starts without state
                    # whatever its id (momentum buffers and Adam's moments and step counts live in the optimizer).
                    # An empty list is torch's ValueError: the assignment does not happen, the old optimizer stays.
                    opt = optimizer(choice, [p for p in model.parameters() if p.requires_grad])
                else:
                    # model.parameters() holds every parameter once (a shared module's too), whatever requires grad.
                    if choice["id"] not in by_id:
                        by_id[choice["id"]] = optimizer(choice, model.parameters())
                    opt = by_id[choice["id"]]
                collected = [names[id(p)] for p in opt.param_groups[0]["params"]]
            except ValueError as e:
                if not refusal(e, EMPTY_PARAMETER_LIST):
                    raise
                error = str(e)
        elif opt is None:
            # pytorch-filtered, every compile so far refused: there is no optimizer, so the fit stops at its first
            # line (opt.zero_grad), before the forward pass. Not torch's refusal but the training loop's.
            error = "no optimizer: every compile before this fit was refused (optimizer got an empty parameter list)"
        else:
            # A fit is one training step on the whole batch. zero_grad(set_to_none=True) is the case's zeroGrad
            # (the default from 2.0; 1.13's is False): a parameter that gets no gradient has grad None, and every
            # optimizer skips it (no momentum, no decay, no Adam step).
            opt.zero_grad(set_to_none=True)
            model.train()
            loss = nn.functional.mse_loss(model(x), y)  # mean over batch and width; moves running statistics
            try:
                loss.backward()
            except RuntimeError as e:
                if not refusal(e, NOTHING_REQUIRES_GRAD):
                    raise
                error = str(e)
            else:
                opt.step()
        steps.append({
            "flags": {name: flag(module) for name, module in modules.items()},
            "collected": collected,
            "warning": None,  # PyTorch has no warning about flags changed since the optimizer was built
            "refused": error is not None,
            **({"error": error} if error is not None else {}),
            "weights": read(weights),
        })
    return {"format": "trainable-spec/result/2", "case": case["name"], "initialWeights": initial, "steps": steps}


def main():
    case = json.load(sys.stdin)
    if case.get("format") != "trainable-spec/case/2":
        sys.exit(f"adapter.py: expected a trainable-spec/case/2 document, got format {case.get('format')!r}")
    if case.get("profile") not in PROFILES:
        print(f"adapter.py: profile {case.get('profile')!r} is not served; this adapter serves {', '.join(PROFILES)}",
              file=sys.stderr)
        sys.exit(2)
    try:
        result = run(case)
    except Exception as e:  # a crash: the verifier shows the first line of stderr, so the message goes first
        print(f"adapter.py: {type(e).__name__}: {e}", file=sys.stderr)
        traceback.print_exc()
        sys.exit(1)
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
