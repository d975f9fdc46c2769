using System.Collections.Immutable;

namespace TrainableSpec.Specification.Profiles;

/// <summary>The six profiles, in the order of the profile matrix.</summary>
public static class FrameworkProfiles
{
    /// <summary>Keras 2.1.6, the article's.</summary>
    public static FrameworkProfile Keras216 { get; } = new KerasTwoProfile("keras-2.1.6");

    /// <summary>Keras 2.2, where <c>Network</c> replaces <c>Container</c>.</summary>
    public static FrameworkProfile Keras22 { get; } = new KerasTwoProfile("keras-2.2");

    /// <summary>tf.keras in TensorFlow 2.</summary>
    public static FrameworkProfile TfKeras2 { get; } = new TfKerasTwoProfile();

    /// <summary>Keras 3.</summary>
    public static FrameworkProfile Keras3 { get; } = new KerasThreeProfile();

    /// <summary>TensorFlow.js 4.22 layers.</summary>
    public static FrameworkProfile Tfjs422 { get; } = new TfjsProfile();

    /// <summary>PyTorch.</summary>
    public static FrameworkProfile PyTorch { get; } = new PyTorchProfile();

    /// <summary>All six.</summary>
    public static ImmutableArray<FrameworkProfile> All { get; } = [Keras216, Keras22, TfKeras2, Keras3, Tfjs422, PyTorch];

    /// <summary>The profile called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No profile has that name; the message lists the names.</exception>
    public static FrameworkProfile Named(string name) =>
        All.FirstOrDefault(p => p.Name == name)
        ?? throw new ArgumentException(
            $"There is no profile '{name}'; the profiles are {string.Join(", ", All.Select(p => p.Name))}.", nameof(name));
}
