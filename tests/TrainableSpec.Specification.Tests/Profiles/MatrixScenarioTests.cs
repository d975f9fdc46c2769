using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Profiles;

namespace TrainableSpec.Specification.Tests.Profiles;

public sealed class MatrixScenarioTests
{
    [Fact]
    public void A_name_used_twice_is_one_shared_node_and_a_bn_name_is_a_batch_normalization()
    {
        var scenario = MatrixScenario.Of("example", "model[a[d1] b[d1 bn1]]", new Compile(1f), Fit.Step).Scenario;

        Assert.Equal("model[a[d1] b[d1 bn1(bn)]]", scenario.Tree.ToString());
        Assert.Equal(2, scenario.Tree.UseCounts()["d1"]);
        Assert.Equal([1f, 1f], scenario.InitialWeights["bn1/moving_variance"].ToArray());
        Assert.Equal("compile(sgd 1); fit", MatrixScenario.Of("example", "model[d1]", new Compile(1f), Fit.Step).Script);
    }

    [Fact]
    public void Every_row_of_the_matrix_is_a_valid_scenario_with_a_fit_last() =>
        Assert.All(MatrixScenarios.All, row => Assert.IsType<Fit>(row.Scenario.Script[^1]));
}
