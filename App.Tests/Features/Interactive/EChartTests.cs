using Bunit;
using SchoolAssessment.Components.Shared;

namespace SchoolAssessment.Tests.Features.Interactive;

/// <summary>The ECharts component draws from its parameters after render, redraws only when they change, and disposes its chart.</summary>
public class EChartTests : IAsyncLifetime
{
    private readonly BunitContext context = new();

    public Task InitializeAsync()
    {
        context.JSInterop.SetupVoid("appCharts.draw", _ => true);
        context.JSInterop.SetupVoid("appCharts.dispose", _ => true);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await context.DisposeAsync();

    [Fact]
    public async Task It_draws_redraws_on_a_new_option_and_disposes_the_chart()
    {
        var chart = context.Render<EChart>(p => p.Add(c => c.Option, new { series = new[] { new { type = "radar", name = "得分" } } }).Add(c => c.Label, "各维度得分"));

        var first = Assert.Single(context.JSInterop.Invocations["appCharts.draw"]);
        Assert.Contains("\"name\":\"得分\"", (string)first.Arguments[1]!); // Chinese as text, camelCase names
        chart.Render(p => p.Add(c => c.Label, "各维度得分"));
        Assert.Single(context.JSInterop.Invocations["appCharts.draw"]); // same option: not drawn again
        chart.Render(p => p.Add(c => c.Option, new { series = new[] { new { type = "radar", name = "上年" } } }));
        Assert.Equal(2, context.JSInterop.Invocations["appCharts.draw"].Count);
        Assert.Equal("各维度得分", chart.Find("[data-role=chart]").GetAttribute("aria-label"));

        await context.DisposeComponentsAsync();
        Assert.Single(context.JSInterop.Invocations["appCharts.dispose"]);
    }
}
