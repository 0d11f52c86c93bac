"""Check-in scripts -> inline TwiML: valid XML, under Twilio's 4,000 characters, refused when over."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from telephony.errors import ScriptError
from telephony.script import TWIML_MAX_CHARS, available_scripts, load_script, render_twiml, speakable_number


def test_korean_default_script_has_the_issue_questions_in_order():
    script = load_script()
    assert script.language == "ko"
    assert [q.key for q in script.questions] == ["health", "meals", "sleep", "mood", "help", "keypad"]
    assert [q.keypad for q in script.questions] == [False] * 5 + [True]
    assert "{name}" in script.greeting and "{office_number}" in script.closing
    assert {"ko_default", "en_default"} <= set(available_scripts())


def test_korean_twiml_is_valid_xml_under_the_limit_with_say_and_pause_per_question():
    script = load_script()
    twiml = render_twiml(script, resident_name="김순자 & <박>", office_number="+8221234567")
    assert len(twiml) < TWIML_MAX_CHARS
    root = ET.fromstring(twiml.encode("utf-8"))
    assert root.tag == "Response"
    says, pauses = root.findall("Say"), root.findall("Pause")
    assert len(says) == len(script.questions) + 2  # greeting + questions + closing
    assert [int(p.get("length")) for p in pauses] == [7, 5, 5, 6, 6, 5]
    assert all(s.get("language") == "ko-KR" and s.get("voice") == "Polly.Seoyeon" for s in says)
    assert "김순자 & <박> 어르신" in says[0].text  # escaped in XML, intact after parsing
    assert "0 2, 1 2 3, 4 5 6 7" in says[-1].text
    assert [c.tag for c in root][:3] == ["Say", "Say", "Pause"]  # Anbu speaks first


def test_slow_option_uses_ssml_prosody_and_longer_answer_windows():
    script = load_script()
    twiml = render_twiml(script, resident_name="김순자", office_number="", voice="Polly.Seoyeon-Neural", slow=True)
    root = ET.fromstring(twiml.encode("utf-8"))
    assert all(s.find("prosody").get("rate") == "80%" for s in root.findall("Say"))
    assert all(s.get("voice") == "Polly.Seoyeon-Neural" for s in root.findall("Say"))
    assert [int(p.get("length")) for p in root.findall("Pause")] == [11, 8, 8, 9, 9, 8]
    # no office number configured: a closing that does not read out a number
    assert "주민센터로 전화 주세요" in root.findall("Say")[-1].find("prosody").text


def test_english_script_renders_in_english():
    twiml = render_twiml(load_script("en_default"), resident_name="Jane", office_number="+8221234567")
    root = ET.fromstring(twiml)
    assert root.find("Say").get("language") == "en-US" and "Hello Jane" in root.find("Say").text


def test_an_over_limit_script_is_refused_saying_by_how_much(tmp_path):
    questions = "\n".join(
        f'[[questions]]\nkey = "q{i}"\ntext = "{"아주 긴 질문입니다. " * 12}"\nanswer_s = 5\n' for i in range(25))
    path = tmp_path / "long.toml"
    path.write_text(f'name = "long"\nlanguage = "ko"\ngreeting = "안녕하세요 {{name}}"\n{questions}', encoding="utf-8")
    script = load_script(path=path)
    with pytest.raises(ScriptError, match=r"over Twilio's limit of 4000") as err:
        render_twiml(script, resident_name="김순자", office_number="")
    over = int(str(err.value).split(" characters of TwiML, ")[1].split(" over")[0])
    assert over > 0 and f"by at least {over} characters" in str(err.value)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('name = "x"\n', "no \\[\\[questions\\]\\]"),
        ('[[questions]]\nkey = "a"\ntext = "?"\n[[questions]]\nkey = "a"\ntext = "?"\n', "used twice"),
        ('[[questions]]\nkey = "a"\ntext = "?"\nanswer_s = 500\n', "1..60"),
        ("[[questions]\n", "not valid TOML"),
    ],
)
def test_bad_scripts_are_refused_with_the_reason(tmp_path, body, message):
    path = tmp_path / "bad.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ScriptError, match=message):
        load_script(path=path)


def test_unknown_script_name_lists_the_available_ones():
    with pytest.raises(ScriptError, match="ko_default"):
        load_script("nope")


def test_speakable_number_reads_digits_in_groups():
    assert speakable_number("+8221234567") == "0 2, 1 2 3, 4 5 6 7"
    assert speakable_number("+821012345678") == "0 1 0, 1 2 3 4, 5 6 7 8"
