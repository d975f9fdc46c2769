using System.Collections.Immutable;
using System.Globalization;

namespace TrainableSpec.Specification.Descriptions;

/// <summary>One batch of samples: inputs <see cref="X"/> and targets <see cref="Y"/>, each of the tree's width.</summary>
public sealed record TrainingData(ImmutableArray<ImmutableArray<float>> X, ImmutableArray<ImmutableArray<float>> Y)
{
    /// <summary>The number of samples.</summary>
    public int Count => X.Length;

    /// <summary>The inputs as jagged arrays, for engines.</summary>
    public float[][] XArrays() => [.. X.Select(r => r.ToArray())];

    /// <summary>The targets as jagged arrays, for engines.</summary>
    public float[][] YArrays() => [.. Y.Select(r => r.ToArray())];

    /// <summary>The same data without sample <paramref name="index"/>.</summary>
    public TrainingData WithoutSample(int index) => new(X.RemoveAt(index), Y.RemoveAt(index));

    /// <summary>Checks the batch is non-empty, rectangular, of the width and finite.</summary>
    /// <exception cref="InvalidDescriptionException">It is not.</exception>
    public void CheckFits(int width)
    {
        if (X.IsDefaultOrEmpty)
        {
            throw new InvalidDescriptionException("The training data is empty; a batch needs at least one sample.");
        }

        if (X.Length != Y.Length)
        {
            throw new InvalidDescriptionException($"The training data has {X.Length} inputs but {Y.Length} targets.");
        }

        CheckRows(X, "x", width);
        CheckRows(Y, "y", width);
    }

    // Each row's length, then its values, in one walk over the rows (the inputs' rows before the targets').
    private static void CheckRows(ImmutableArray<ImmutableArray<float>> rows, string label, int width)
    {
        for (var s = 0; s < rows.Length; s++)
        {
            var row = rows[s].AsSpan();
            if (row.Length != width)
            {
                throw new InvalidDescriptionException($"{label}[{s}] has {rows[s].Length} values, but the tree's width is {width}.");
            }

            for (var i = 0; i < row.Length; i++)
            {
                if (!float.IsFinite(row[i]))
                {
                    throw new InvalidDescriptionException($"{label}[{s}][{i}] is {row[i]}; data must be finite.");
                }
            }
        }
    }

    /// <inheritdoc />
    public bool Equals(TrainingData? other) =>
        other is not null && X.Length == other.X.Length && X.Zip(other.X).All(p => p.First.SequenceEqual(p.Second))
        && Y.Zip(other.Y).All(p => p.First.SequenceEqual(p.Second));

    /// <inheritdoc />
    public override int GetHashCode() => X.Length;

    /// <inheritdoc />
    public override string ToString() =>
        $"{Count} samples: " + string.Join(", ", X.Zip(Y).Select(p => $"{Row(p.First)}→{Row(p.Second)}"));

    private static string Row(ImmutableArray<float> row) =>
        "(" + string.Join(" ", row.Select(v => v.ToString("0.###", CultureInfo.InvariantCulture))) + ")";
}
