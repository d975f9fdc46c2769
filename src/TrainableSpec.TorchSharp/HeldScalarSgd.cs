using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TrainableSpec.TorchSharp;

/// <summary>
/// TorchSharp 0.107.0's <c>optim.SGD(parameters, lr, momentum, weight_decay)</c>, with its own parameter groups,
/// options, momentum buffers and <c>zero_grad</c>, except for <see cref="step"/>: TorchSharp's step body with every
/// native Scalar held.
/// </summary>
/// <remarks>
/// TorchSharp's step (src/TorchSharp/Optimizers/SGD.cs, lines 157-181 at 0.107.0) turns the decay, the momentum and the
/// signed learning rate into native Scalars that nothing keeps alive during the native call (see
/// <see cref="HeldScalarAdam"/>). This step replaces TorchSharp's managed loop, not libtorch's kernels: the same libtorch
/// operations in the same order with the same double values, each Scalar held by a using for the call.
/// </remarks>
internal sealed class HeldScalarSgd(IEnumerable<Parameter> parameters, double lr, double momentum = 0, double weightDecay = 0)
    : SGD(parameters, lr, momentum, weight_decay: weightDecay)
{
    /// <inheritdoc />
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(
        group =>
        {
            var options = group.Options;

            // Only the branches the constructor's options reach are copied (see HeldScalarAdam).
            if (options.dampening != 0 || options.nesterov == true || options.maximize == true)
            {
                throw new NotSupportedException("Only SGD(lr, momentum, weight_decay) steps with held Scalars.");
            }

            var (momentum, weightDecay, lr) = (options.momentum!.Value, options.weight_decay!.Value, options.LearningRate!.Value);
            using var decay = weightDecay.ToScalar();
            using var momentumScalar = momentum.ToScalar();
            using var damped = (1 - options.dampening!.Value).ToScalar();
            using var alpha = (-lr).ToScalar();
            foreach (var param in group.Parameters)
            {
                var state = (State)_state[param.Handle];
                var grad = param.grad;
                if (grad is null)
                {
                    continue;
                }

                if (weightDecay != 0)
                {
                    grad = grad.add(param, decay);
                }

                if (momentum != 0)
                {
                    var buf = state.momentum_buffer;
                    if (buf is null)
                    {
                        buf = grad.clone().detach().DetachFromDisposeScope();
                        state.momentum_buffer = buf;
                    }
                    else
                    {
                        buf.mul_(momentumScalar).add_(grad, damped);
                    }

                    grad = buf;
                    state.momentum_buffer = buf;
                }

                param.add_(grad, alpha);
            }
        },
        closure);
}
