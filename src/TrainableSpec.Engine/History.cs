namespace TrainableSpec.Engine;

/// <summary>What <see cref="Model.Fit"/> reports: the mean loss of each epoch and any warnings.</summary>
public sealed record History(IReadOnlyList<float> Losses, IReadOnlyList<StaleTrainableWeightsWarning> Warnings);
