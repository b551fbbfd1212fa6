using Mlops.Core.Config;

namespace Mlops.Core.Tests.Config;

public class ConfigBinderTests
{
    private static SampleConfig Bind(string yaml) => ConfigLoader.LoadText<SampleConfig>(yaml, "exp.yaml").Value;

    private static ConfigException Error(string yaml, params string[] overrides)
    {
        var load = () => ConfigLoader.LoadText<SampleConfig>(yaml, "exp.yaml", overrides);
        return load.Should().Throw<ConfigException>().Which;
    }

    [Fact]
    public void Binds_values_and_keeps_defaults_for_missing_keys()
    {
        var config = Bind(
            """
            name: demo
            optim:
              name: adamw
              lr: 3e-4
            tags: [a, "b c"]
            """
        );

        config.Name.Should().Be("demo");
        config.Seed.Should().Be(1);
        config.Optim.Name.Should().Be(SampleOptimizer.AdamW);
        config.Optim.Lr.Should().Be(3e-4);
        config.Optim.Betas.Should().Equal(0.9, 0.999);
        config.Tags.Should().Equal("a", "b c");
        config.Normalize.Auto.Should().BeTrue();
        config.Pretrained.Should().BeNull();
    }

    [Fact]
    public void Unknown_key_names_line_path_and_the_closest_key()
    {
        var error = Error(
            """
            name: demo
            optim:
              lr: 0.1
              momentun: 0.9
            """
        );

        error.Where.Should().Be("exp.yaml:4 (optim.momentun)");
        error
            .Message.Should()
            .StartWith("unknown key 'momentun'")
            .And.Contain("known keys here: name, lr, betas, nesterov");
        Error("name: x\noptim:\n  lrr: 1\n").Message.Should().Contain("(did you mean 'lr'?)");
        Error("name: x\nnesterov: true\n")
            .Message.Should()
            .StartWith("unknown key 'nesterov' (did you mean 'optim.nesterov'?)");
    }

    [Fact]
    public void Wrong_type_quotes_the_value_written()
    {
        var error = Error("name: demo\noptim:\n  lr: abc\n");

        error.Where.Should().Be("exp.yaml:3 (optim.lr)");
        error.Message.Should().Be("expected a number, got 'abc'");
        Error("name: demo\nseed: 1.5\n").Message.Should().Be("expected an integer, got '1.5'");
        Error("name: demo\noptim:\n  nesterov: maybe\n").Message.Should().Be("expected true or false, got 'maybe'");
        Error("name: demo\noptim: fast\n")
            .Message.Should()
            .StartWith("expected a mapping with keys name, lr, betas, nesterov, got 'fast'");
        Error("name: demo\ntags: a\n").Message.Should().Be("expected a list of strings, got 'a'");
    }

    [Fact]
    public void Out_of_range_values_say_the_allowed_range()
    {
        var error = Error("name: demo\noptim:\n  lr: 12\n");

        error.Where.Should().Be("exp.yaml:3 (optim.lr)");
        error.Message.Should().Be("must be greater than 0 and at most 10, got 12");
        Error("name: demo\nseed: -1\n").Message.Should().Be("must be at least 0, got -1");
    }

    [Fact]
    public void Missing_required_key_points_at_the_mapping_that_lacks_it()
    {
        var error = Error("seed: 3\n");

        error.Where.Should().Be("exp.yaml:1 (name)");
        error.Message.Should().Be("missing required key 'name'");
    }

    [Fact]
    public void Unknown_choice_lists_the_allowed_ones_and_suggests()
    {
        var error = Error("name: demo\noptim:\n  name: adamv\n");

        error.Message.Should().Be("expected one of sgd, adamw, got 'adamv' (did you mean 'adamw'?)");
        error.Where.Should().Be("exp.yaml:3 (optim.name)");
    }

    [Fact]
    public void List_items_are_checked_one_by_one()
    {
        var error = Error("name: demo\noptim:\n  betas:\n    - 0.9\n    - x\n");

        error.Where.Should().Be("exp.yaml:5 (optim.betas[1])");
        error.Message.Should().Be("expected a number, got 'x'");
    }

    [Fact]
    public void Null_is_accepted_only_where_the_schema_allows_it()
    {
        Bind("name: demo\npretrained: ~\n").Pretrained.Should().BeNull();
        Bind("name: demo\npretrained: \"null\"\n").Pretrained.Should().Be("null");
        Error("name: demo\noptim:\n  lr:\n").Message.Should().Be("expected a number, got null");
    }

    [Fact]
    public void Section_rules_are_reported_at_the_key_they_concern()
    {
        var error = Error("name: demo\noptim:\n  name: adamw\n  nesterov: true\n");

        error.Where.Should().Be("exp.yaml:4 (optim.nesterov)");
        error.Message.Should().Be("nesterov only applies to sgd");
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var error = Error("seed: x\noptim:\n  lr: -1\n  bogus: 1\n");

        error
            .Errors.Select(e => e.Where)
            .Should()
            .BeEquivalentTo(
                "exp.yaml:1 (seed)",
                "exp.yaml:3 (optim.lr)",
                "exp.yaml:4 (optim.bogus)",
                "exp.yaml:1 (name)"
            );
        error.Message.Split('\n').Should().HaveCount(4);
    }

    [Fact]
    public void A_section_may_take_its_scalar_form_or_a_mapping()
    {
        Bind("name: demo\nnormalize: auto\n").Normalize.Auto.Should().BeTrue();
        var mapped = Bind("name: demo\nnormalize:\n  mean: [0.5]\n  std: [0.25]\n").Normalize;
        mapped.Mean.Should().Equal(0.5);
        mapped.Std.Should().Equal(0.25);
        Error("name: demo\nnormalize: manual\n")
            .Message.Should()
            .Be("expected 'auto' or a mapping with mean and std, got 'manual'");
    }

    [Fact]
    public void Yaml_syntax_errors_and_duplicate_keys_name_the_line()
    {
        var syntax = Error("name: demo\noptim:\n  lr: [0.1\n");
        syntax.Where.Should().StartWith("exp.yaml:");
        syntax.Message.Should().StartWith("invalid YAML:");

        var duplicate = Error("name: demo\nseed: 1\nseed: 2\n");
        duplicate.Where.Should().Be("exp.yaml:3");
        duplicate.Message.Should().Be("invalid YAML: Duplicate key seed");
    }

    [Fact]
    public void The_top_of_a_file_must_be_a_mapping()
    {
        Error("- a\n- b\n").Message.Should().StartWith("expected a mapping of keys to values at the top of the file");
    }

    [Fact]
    public void A_missing_file_is_reported_with_its_path()
    {
        var load = () => ConfigLoader.Load<SampleConfig>("/nonexistent/exp.yaml");
        load.Should().Throw<ConfigException>().Which.Message.Should().Be("config file not found");
    }

    [Fact]
    public void A_folder_given_as_the_config_is_called_a_folder_not_access_denied()
    {
        var folder = Directory.CreateTempSubdirectory("mlops-config-folder-").FullName;
        try
        {
            var error = FluentActions
                .Invoking(() => ConfigLoader.Load<SampleConfig>(folder))
                .Should()
                .Throw<ConfigException>()
                .Which;
            error.Message.Should().StartWith("this is a folder; give a YAML file");
            error.Where.Should().StartWith(folder);
        }
        finally
        {
            Directory.Delete(folder);
        }
    }
}
