namespace TrainableSpec.Specification.Descriptions;

/// <summary>One operation of a flag script, run in order against a built model.</summary>
public abstract record ScriptStep;
