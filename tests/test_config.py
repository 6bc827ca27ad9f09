"""Options from a TOML config file, overridden by flags."""
import pytest

from tacitus.cli import build_parser
from tacitus.cli.code import options_from
from tacitus.config import load_options
from tacitus.errors import TacitusError


def test_config_file_sets_options_relative_to_itself(tmp_path):
    (tmp_path / "ours.csv").write_text("name,aliases,wikidata,country,sector,role,start,end\n")
    config = tmp_path / "tacitus.toml"
    config.write_text('[tacitus]\nactor_files = ["ours.csv"]\nkeep_unasserted = false\nmin_confidence = 0.3\n')
    options = load_options(config)
    assert options.actor_files == ((tmp_path / "ours.csv").resolve(),)
    assert options.keep_unasserted is False and options.min_confidence == 0.3


def test_flags_override_the_config_file(tmp_path):
    config = tmp_path / "tacitus.toml"
    config.write_text('[tacitus]\noutlet = "Config Times"\n')
    args = build_parser().parse_args(["code", "x.txt", "--config", str(config), "--outlet", "Flag Post"])
    assert options_from(args).outlet == "Flag Post"
    args = build_parser().parse_args(["code", "x.txt", "--config", str(config)])
    assert options_from(args).outlet == "Config Times"


def test_unknown_setting_is_refused_with_its_name(tmp_path):
    config = tmp_path / "tacitus.toml"
    config.write_text("[tacitus]\nprefiltre = true\n")
    with pytest.raises(TacitusError, match="prefiltre"):
        load_options(config)
