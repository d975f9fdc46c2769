namespace TrainableSpec.Specification.Profiles.PyTorch;

/// <summary>One operation of a PyTorch script.</summary>
public abstract record TorchStep;
