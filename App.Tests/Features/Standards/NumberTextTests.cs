using SchoolAssessment.Features.Standards;

namespace SchoolAssessment.Tests.Features.Standards;

/// <summary>The one reader of typed numbers (form, import, score fields): a comma is never dropped.</summary>
public class NumberTextTests
{
    [Theory]
    [InlineData("25", 25)]
    [InlineData(" 2.5 ", 2.5)]
    [InlineData("-3", -3)]
    [InlineData("0.0001", 0.0001)]
    public void Plain_numbers_are_read_exactly(string text, decimal expected)
    {
        Assert.True(NumberText.TryParse(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("2,5")]
    [InlineData("1,,0,0")]
    [InlineData("1,5")]
    [InlineData("1,000")]
    [InlineData("2，5")]
    [InlineData("1e3")]
    [InlineData("¥12")]
    [InlineData("")]
    public void Anything_else_is_refused(string text)
    {
        Assert.False(NumberText.TryParse(text, out _));
        Assert.StartsWith("应为数值", NumberText.Refusal(text));
    }

    [Fact]
    public void A_comma_is_named_in_the_refusal() => Assert.Contains("千位分隔符", NumberText.Refusal("2,5"));
}
