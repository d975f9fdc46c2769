namespace TrainableSpec.Specification.Profiles;

/// <summary>
/// The choices in which the frameworks' freezing rules differ, each one stated once: the one fold of
/// <see cref="FrameworkProfile.Predict"/> reads a script through them, and <see cref="FrameworkProfile.Rule"/> is
/// their phrases joined.
/// </summary>
internal sealed record ProfilePolicies(
    ProfilePolicies.SetterWrites Setter,
    ProfilePolicies.TrainableWhen Trainable,
    ProfilePolicies.FitTrains Timing,
    ProfilePolicies.StatisticsMove Statistics,
    ProfilePolicies.Refusal Refuses = ProfilePolicies.Refusal.Never,
    ProfilePolicies.StaleWarnings Warns = ProfilePolicies.StaleWarnings.None,
    bool OffersVariableFlags = false,
    ProfilePolicies.SharedWeightListed Listing = ProfilePolicies.SharedWeightListed.Once,
    ProfilePolicies.OptimizerState State = ProfilePolicies.OptimizerState.PerWeight,
    ProfilePolicies.CompileCollects Collects = ProfilePolicies.CompileCollects.Trainable,
    bool RebuildsOptimizer = false,
    bool TorchOptimizers = false)
{
    /// <summary>What <c>node.trainable = v</c> writes.</summary>
    internal enum SetterWrites
    {
        /// <summary>The node's own flag only.</summary>
        OwnFlag,

        /// <summary>The flag of the node and of every node below it.</summary>
        SelfAndBelow,

        /// <summary>The flag of the node and every node below it, and the variable flags of their own weights.</summary>
        SelfAndBelowWithVariables,

        /// <summary>The node's flag and the variable flags of its own weights, or of its direct children's for a container.</summary>
        ChildrenVariables,

        /// <summary>No module flag: <c>requires_grad</c> of every parameter below the node.</summary>
        RequiresGradBelow,
    }

    /// <summary>Which weights the flags make trainable.</summary>
    internal enum TrainableWhen
    {
        /// <summary>Every flag on some path from the model to the layer is true.</summary>
        AndAlongAPath,

        /// <summary>As <see cref="AndAlongAPath"/>, and the variable's own flag is true.</summary>
        AndAlongAPathAndVariable,

        /// <summary>The model's flag and the variable's flag are true; the containers between are not consulted.</summary>
        RootAndVariable,

        /// <summary>The parameter requires grad.</summary>
        RequiresGrad,
    }

    /// <summary>What a compile hands the optimizer.</summary>
    internal enum CompileCollects
    {
        /// <summary>The weights the flags make trainable now.</summary>
        Trainable,

        /// <summary>Every parameter, whatever requires grad (<c>SGD(model.parameters())</c>).</summary>
        EveryParameter,

        /// <summary>
        /// The weights the flags make trainable now; when there are none the compile is refused and the optimizer
        /// built before stays (torch.optim's <c>ValueError: optimizer got an empty parameter list</c>).
        /// </summary>
        TrainableRefusingNone,
    }

    /// <summary>When the flags take effect: what a fit trains.</summary>
    internal enum FitTrains
    {
        /// <summary>The list the last compile collected.</summary>
        CollectedAtCompile,

        /// <summary>The list of the flags the last compile recorded, restored for the fit.</summary>
        FlagsRestoredFromCompile,

        /// <summary>The list the last compile collected, without the variables whose flag is false now.</summary>
        CollectedLessFrozenVariables,

        /// <summary>What the flags make trainable at the fit.</summary>
        CurrentFlags,
    }

    /// <summary>When a fit moves a batch normalization's moving mean and variance.</summary>
    internal enum StatisticsMove
    {
        /// <summary>When every flag on a path to it was true at the first fit after the compile (Keras 2's update gating).</summary>
        OpenAtFirstFitAfterCompile,

        /// <summary>When its own flag was true at the last compile.</summary>
        OwnFlagAtCompile,

        /// <summary>When its own flag is true at the fit.</summary>
        OwnFlagAtFit,

        /// <summary>At every fit that runs its forward pass.</summary>
        Always,
    }

    /// <summary>Whether a fit with nothing to train is refused, and when.</summary>
    internal enum Refusal
    {
        /// <summary>It runs and moves nothing.</summary>
        Never,

        /// <summary>It throws before the forward pass.</summary>
        BeforeForwardPass,

        /// <summary>
        /// It throws after the forward pass, which has moved batch statistics, when the flags make nothing trainable
        /// (PyTorch's <c>backward</c>: no parameter requires grad), whatever the optimizer holds.
        /// </summary>
        AfterForwardPass,
    }

    /// <summary>Whether a fit warns that the flags changed since the compile, and how it tells.</summary>
    internal enum StaleWarnings
    {
        /// <summary>It does not.</summary>
        None,

        /// <summary>When the trainable weights now differ from those collected, naming them (the specification's strict form).</summary>
        NamingTheWeights,

        /// <summary>When the number of trainable weights now differs from the number collected, naming none.</summary>
        WhenCountsDiffer,
    }

    /// <summary>How often the compile's list holds a weight that several containers hold.</summary>
    internal enum SharedWeightListed
    {
        /// <summary>Once.</summary>
        Once,

        /// <summary>
        /// Once per trainable path through distinct containers: a container's list concatenates its layers' lists, each
        /// layer once however often the container calls it, so a layer in two containers is listed twice.
        /// </summary>
        OncePerContainer,
    }

    /// <summary>How an optimizer keys its state (velocities, moments).</summary>
    internal enum OptimizerState
    {
        /// <summary>By weight: a weight keeps its state whatever else the list holds.</summary>
        PerWeight,

        /// <summary>
        /// By position in the step's list: every entry, frozen or not, has the state of its position, so a recompile
        /// that drops a weight hands its state to the weight after it, and an entry listed twice has two.
        /// </summary>
        ByPosition,
    }

    /// <summary>The policies' phrases, joined: the rule in one sentence.</summary>
    public string Sentence => string.Join("; ", new[]
    {
        Setter switch
        {
            SetterWrites.OwnFlag => "own flags only",
            SetterWrites.SelfAndBelow => "setter writes every sublayer",
            SetterWrites.SelfAndBelowWithVariables => "setter writes every sublayer and variable",
            SetterWrites.ChildrenVariables => "container setter writes its children's variable flags only",
            _ => "no module flag; requires_grad_ sets every parameter below, last call wins",
        },
        Trainable switch
        {
            TrainableWhen.AndAlongAPath => "AND along a path",
            TrainableWhen.AndAlongAPathAndVariable => "AND of node and variable flags",
            TrainableWhen.RootAndVariable => "model flag AND variable flag",
            _ => "a parameter trains when it requires grad",
        },
        Collects == CompileCollects.TrainableRefusingNone ? "compile collects what requires grad and is refused when nothing does" : "",
        RebuildsOptimizer ? "each compile builds a new optimizer" : "",
        Timing switch
        {
            FitTrains.CollectedAtCompile => "collected at compile",
            FitTrains.FlagsRestoredFromCompile => "fit restores the flags recorded at compile",
            FitTrains.CollectedLessFrozenVariables => "collected at compile, frozen variables dropped at each step",
            _ => "fit reads the current flags",
        },
        Listing == SharedWeightListed.OncePerContainer ? "a weight in two containers is listed, and stepped, twice" : "",
        Warns switch
        {
            StaleWarnings.NamingTheWeights => "a fit warns when flags changed since",
            StaleWarnings.WhenCountsDiffer => "a fit warns when the count of trainable weights changed since",
            _ => "",
        },
        Refuses switch
        {
            Refusal.BeforeForwardPass => "fit throws when none is left",
            Refusal.AfterForwardPass => "backward raises when none does",
            _ => "",
        },
        State == OptimizerState.ByPosition ? "optimizer state by position in the list" : "",
    }.Where(p => p.Length > 0));
}
