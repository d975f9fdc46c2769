using System.Text.Json.Nodes;

namespace TrainableSpec.Specification.Corpus;

/// <summary>
/// Reads version 1 files (keras-2.1.6 only, SGD, dense layers and containers) as the version 2 files they stand for, so
/// a corpus exported before version 2, and an adapter written for it, keep working.
/// </summary>
public static class CorpusUpgrade
{
    /// <summary>The format tag of a version 1 case.</summary>
    public const string CaseFormatV1 = "trainable-spec/case/1";

    /// <summary>The format tag of a version 1 result.</summary>
    public const string ResultFormatV1 = "trainable-spec/result/1";

    /// <summary>
    /// A version 1 case as version 2: the optimizer becomes an object (one id per run of equal compiles, as version 1's
    /// SGD reused its optimizer), a fit is unshuffled, each expected step says whether it is refused (never) and whether a
    /// fit warns (exactly when version 1 named a warning). The final weights stay as they are: version 1 had dense layers
    /// only, so all its weights are trained ones.
    /// </summary>
    public static JsonObject Case(JsonObject v1)
    {
        ArgumentNullException.ThrowIfNull(v1);
        var v2 = (JsonObject)v1.DeepClone();
        v2["format"] = CorpusJson.CaseFormat;
        v2["rule"] = "keras-2.1.6 (version 1 case)";
        var id = 0;
        float? lastRate = null;
        foreach (var step in (v2["script"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var op = step["op"]?.GetValue<string>();
            if (op == "compile" && step["optimizer"] is JsonValue kind && kind.TryGetValue<string>(out var name))
            {
                var rate = step["learningRate"]?.GetValue<float>();
                id += rate == lastRate ? 0 : 1;
                lastRate = rate;
                step.Remove("learningRate");
                step["optimizer"] = new JsonObject { ["id"] = Math.Max(id, 1), ["kind"] = name, ["learningRate"] = rate };
            }
            else if (op == "fit")
            {
                step["shuffle"] = false;
            }
        }

        if (v2["expected"] is JsonObject expected && expected["steps"] is JsonArray steps)
        {
            var script = v2["script"] as JsonArray ?? [];
            for (var i = 0; i < steps.Count; i++)
            {
                if (steps[i] is JsonObject step)
                {
                    step["refused"] = false;
                    if (i < script.Count && script[i]?["op"]?.GetValue<string>() == "fit")
                    {
                        step["warns"] = step["warning"] is JsonObject;
                    }
                }
            }
        }

        return v2;
    }

    /// <summary>A version 1 result as version 2: no step was refused.</summary>
    public static JsonObject Result(JsonObject v1)
    {
        ArgumentNullException.ThrowIfNull(v1);
        var v2 = (JsonObject)v1.DeepClone();
        v2["format"] = CorpusJson.ResultFormat;
        foreach (var step in (v2["steps"] as JsonArray ?? []).OfType<JsonObject>())
        {
            step["refused"] = false;
            step["warning"] ??= null;
        }

        return v2;
    }
}
