using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TrainableSpec.TorchSharp;

/// <summary>
/// TorchSharp 0.107.0's <c>optim.Adam(parameters, lr)</c>, with its own parameter groups, options, per-parameter
/// state and <c>zero_grad</c>, except for <see cref="step"/>: TorchSharp's step body with every native Scalar held.
/// </summary>
/// <remarks>
/// TorchSharp's step (src/TorchSharp/Optimizers/Adam.cs, lines 182-196 at 0.107.0) passes doubles where libtorch takes
/// a Scalar. Each becomes a native Scalar through an implicit conversion that nothing references once the callee has
/// read its handle (Tensor.Math.cs, e.g. <c>addcdiv_</c> at lines 213-218), so a collection during the native call
/// lets the Scalar's finalizer free it mid-call: libtorch's <c>toFloat</c> check failed inside <c>addcdiv_</c> in a
/// full test run. A DisposeScope does not track Scalars in 0.107.0 and <c>GC.KeepAlive</c> cannot reach another
/// library's temporaries, so this step replaces TorchSharp's managed loop, not libtorch's kernels: the same libtorch
/// operations in the same order with the same double values, each Scalar held by a using for the call.
/// </remarks>
internal sealed class HeldScalarAdam(IEnumerable<Parameter> parameters, double lr) : Adam(parameters, lr)
{
    /// <inheritdoc />
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(
        group =>
        {
            var options = (Options)group.Options;

            // Only the branches the constructor's options reach are copied; a group changed to others is refused
            // rather than stepped by a copy no test has compared with TorchSharp's.
            if (options.weight_decay != 0 || options.amsgrad == true || options.maximize == true)
            {
                throw new NotSupportedException("Only Adam(lr) steps with held Scalars: no weight decay, AMSGrad or maximize.");
            }

            var (beta1, beta2, eps, lr) = (options.beta1!.Value, options.beta2!.Value, options.eps!.Value, options.LearningRate!.Value);
            using var b1 = beta1.ToScalar();
            using var c1 = (1 - beta1).ToScalar();
            using var b2 = beta2.ToScalar();
            using var c2 = (1 - beta2).ToScalar();
            using var epsilon = eps.ToScalar();

            // Tensor.add_(Scalar) adds with alpha 1, an int Scalar.
            using var one = 1.ToScalar();
            foreach (var param in group.Parameters)
            {
                var state = (State)_state[param.Handle];
                var grad = param.grad;
                if (grad is null)
                {
                    continue;
                }

                state.step += 1;
                var biasCorrection1 = 1 - Math.Pow(beta1, state.step);
                var biasCorrection2 = 1 - Math.Pow(beta2, state.step);
                using var correction2 = Math.Sqrt(biasCorrection2).ToScalar();
                using var value = (-(lr / biasCorrection1)).ToScalar();
                state.exp_avg.mul_(b1).add_(grad, c1);
                state.exp_avg_sq.mul_(b2).addcmul_(grad, grad.conj(), c2);
                var denom = state.exp_avg_sq.sqrt().div(correction2).add_(epsilon, one);
                param.addcdiv_(state.exp_avg, denom, value);
            }
        },
        closure);
}
