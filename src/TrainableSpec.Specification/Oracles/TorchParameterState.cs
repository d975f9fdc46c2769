namespace TrainableSpec.Specification.Oracles;

/// <summary>
/// One parameter's state in a torch.optim optimizer: its own step count (<c>state['step']</c>), then the momentum
/// buffer or Adam's m in <see cref="First"/> and v in <see cref="Second"/>, each with its magnitude counterpart for
/// the tolerance. Shared by the PyTorch profiles' oracle and the PyTorch suite's.
/// </summary>
internal sealed class TorchParameterState(int size)
{
    public int Steps { get; set; }

    public double[] First { get; } = new double[size];

    public double[] Second { get; } = new double[size];

    public double[] FirstBound { get; } = new double[size];

    public double[] SecondBound { get; } = new double[size];

    /// <summary>
    /// Adam's update of entry <paramref name="k"/> at this parameter's own step count (torch/optim/adam.py,
    /// <c>_single_tensor_adam</c>: ε added after the bias correction): the new value of <paramref name="w"/> and the
    /// step's magnitude.
    /// </summary>
    public (double Value, double StepMagnitude) Adam(int k, double w, double g, double magnitude, double lr, double epsilon)
    {
        var c1 = 1 - Math.Pow(UpdateOracle.Beta1, Steps);
        var c2 = Math.Sqrt(1 - Math.Pow(UpdateOracle.Beta2, Steps));
        First[k] = (UpdateOracle.Beta1 * First[k]) + ((1 - UpdateOracle.Beta1) * g);
        Second[k] = (UpdateOracle.Beta2 * Second[k]) + ((1 - UpdateOracle.Beta2) * g * g);
        FirstBound[k] = (UpdateOracle.Beta1 * FirstBound[k]) + ((1 - UpdateOracle.Beta1) * magnitude);
        SecondBound[k] = (UpdateOracle.Beta2 * SecondBound[k]) + ((1 - UpdateOracle.Beta2) * Math.Abs(g) * magnitude);
        var root = Math.Sqrt(Second[k]);
        var denominator = (root / c2) + epsilon;
        // An error δ in m moves m/d by δ/d; an error δ in v by |m|·δ/(2√v·c₂·d²).
        var sensitivity = (FirstBound[k] / denominator)
            + (root > 0 ? Math.Abs(First[k]) * SecondBound[k] / (root * c2 * denominator * denominator) : 0);
        return (w - (lr / c1 * First[k] / denominator), lr / c1 * sensitivity);
    }
}
