"""The TCF v2 TC string decoder and encoder against strings the IAB published with their
decoded fields.

Sources of the example strings (each with the fields its source states):

- IAB Tech Lab, iabtcf-java (the IAB's Java reference decoder), file
  ``iabtcf-decoder/src/test/java/com/iabtcf/decoder/TCStringV2Test.java``:
  ``testCanConstructTCModelFromBase64String`` (``COtybn4P...``: created 2020-01-26T17:01:00Z,
  last updated 2021-02-02T17:01:00Z, CMP 675 version 2, screen 1, vendor list 15, policy 2,
  ``EN``, publisher ``AA``, purpose one treatment, special feature 1, purposes consent {2, 10},
  purposes LI {2, 9}); ``testConstructConsentsFromBitFields`` (``COrEAV4O...``: purposes
  consent {3..9}, vendor consents {23, 37, 47, 48, 53, 65, 98}, vendor LI {37, 47, 48, 53, 65,
  98, 129}); ``testRange`` (``COwBOpCO...``: range-encoded vendor consents {702, 703}, and
  {703} for the one-range string); ``testCanParseRangeEncodedVendorLegitimateInterests``
  (``COv__-wO...``: vendor LI {128}); ``testPurposesConsent`` (``COwxsONO...``: purposes 1
  and 2). Its ``TCStringDecoderTest`` refuses ``CA==`` (too short) and reads ``Bg`` as v1.
- IAB Tech Lab, iabtcf-es (the IAB's JavaScript reference library): ``modules/cli/README.md``
  (``COrVd1pO...``: version 2, CMP 2 version 1, screen 2, ``EN``, policy 2, publisher ``ES``,
  vendor list 7, no purpose or vendor consent); ``modules/core/test/ReportedIssues.test.ts``,
  issue 156 (``BOhwdphO...`` is a version 1 string) and issue 201 (``CO4VGswO...``: a publisher
  restriction of purpose 1, type 1, for vendors 7, 20, 71, 122, 140, 183).
- IAB Europe / IAB Tech Lab, GDPR-Transparency-and-Consent-Framework, ``TCFv2/IAB Tech Lab -
  Consent string and vendor list formats v2.md``: the example string ``CQSbk4AQ...`` with a
  disclosed-vendors and a publisher TC segment after the core.
"""

import datetime as dt

import pytest

from ethicskit.privacy import tcf

UTC = dt.timezone.utc

JAVA_FIELDS = "COtybn4PA_zT4KjACBENAPCIAEBAAECAAIAAAAAAAAAA"
JAVA_BITFIELDS = ("COrEAV4OrXx94ACABBENAHCIAD-AAAAAAACAAxAAAAgAIAwgAgAAAAEAgQAAAAAEAYQAQAAAACAAAAB"
                  "AAA")
JAVA_TWO_RANGES = "COwBOpCOwBOpCLqAAAENAPCAAAAAAAAAAAAAFfwAYFfAV-BVkAGBVYFWAAA"
JAVA_ONE_RANGE = "COwBOpCOwBOpCLqAAAENAPCAAAAAAAAAAAAAFfwAQFfgUbABAUaAAA"
JAVA_LI_RANGE = "COv__-wOv__-wC2AAAENAPCgAAAAAAAAAAAAA_wAQA_gEBABAEAAAA"
JAVA_PURPOSES = "COwxsONOwxsONKpAAAENAdCAAMAAAAAAAAAAAAAAAAAA"
ES_CLI = "COrVd1pOrVd1pACABCENAHCAAAAAAAAAAAiQAAAAAAAA"
ES_V1 = ("BOhwdphOxFC7tAHABBFRC--AAAAuhr_7__7-_9_-_f__9uj3Or_v_f__32ccL59v_h_7v-_7fi_20nV4u_1vft"
         "9yfk1-5ctDztp507iakivXmqdeb9v_nz3_5pxP78k89r7337Ew_v8_v-b7BCON_YxEiA")
SPEC_EXAMPLE = "CQSbk4AQSbk4ANwAAAENAwCgAAAAAAAAAAYgACPAAAAA.IDKQA4AAgAKAGQAygAAA.YAAAAAAAAAAA"
DISCLOSED = ("IFoEUQQgAIQwgIwQABAEAAAAOIAACAIAAAAQAIAgEAACEAAAAAgAQBAAAAAAAGBAAgAAAAAAAFAAECAAAg"
             "AAQARAEQAAAAAJAAIAAgAAAYQEAAAQmAgBC3ZAYzUw")


def test_iabtcf_java_core_fields():
    t = tcf.decode(JAVA_FIELDS)
    assert t.version == 2
    assert t.created == dt.datetime(2020, 1, 26, 17, 1, tzinfo=UTC)
    assert t.last_updated == dt.datetime(2021, 2, 2, 17, 1, tzinfo=UTC)
    assert (t.cmp_id, t.cmp_version, t.consent_screen) == (675, 2, 1)
    assert (t.vendor_list_version, t.policy_version) == (15, 2)
    assert (t.consent_language, t.publisher_cc) == ("EN", "AA")
    assert t.is_service_specific is False and t.use_non_standard_texts is False
    assert t.purpose_one_treatment is True
    assert t.special_feature_optins == {1}
    assert t.purposes_consent == {2, 10}
    assert t.purposes_li_transparency == {2, 9}
    assert t.vendor_consents == frozenset()


def test_iabtcf_java_bit_field_vendors():
    t = tcf.decode(JAVA_BITFIELDS)
    assert t.purposes_consent == {3, 4, 5, 6, 7, 8, 9}
    assert t.vendor_consents == {23, 37, 47, 48, 53, 65, 98}
    assert t.vendor_legitimate_interests == {37, 47, 48, 53, 65, 98, 129}
    assert t.vendor(23) and not t.vendor(24)
    assert t.missing_purposes() == (1,)


@pytest.mark.parametrize("tc, vendors", [
    (JAVA_TWO_RANGES + "." + DISCLOSED, {702, 703}),
    (JAVA_ONE_RANGE + "." + DISCLOSED, {703}),
    (JAVA_ONE_RANGE, {703}),
])
def test_iabtcf_java_range_encoded_vendors(tc, vendors):
    assert tcf.decode(tc).vendor_consents == vendors


def test_iabtcf_java_range_encoded_legitimate_interests():
    assert tcf.decode(JAVA_LI_RANGE).vendor_legitimate_interests == {128}


def test_iabtcf_java_purposes_consent():
    t = tcf.decode(JAVA_PURPOSES)
    assert {1, 2} <= t.purposes_consent
    assert t.purpose(1) and not t.purpose(3)


def test_iabtcf_es_cli_readme():
    t = tcf.decode(ES_CLI)
    assert (t.version, t.cmp_id, t.cmp_version, t.consent_screen) == (2, 2, 1, 2)
    assert (t.consent_language, t.publisher_cc) == ("EN", "ES")
    assert (t.policy_version, t.vendor_list_version) == (2, 7)
    assert t.is_service_specific is False and t.purpose_one_treatment is False
    assert t.purposes_consent == frozenset() and t.vendor_consents == frozenset()
    # Mon Dec 09 2019 18:01:46 Pacific time, as the README's first version printed it
    assert t.created.replace(microsecond=0) == dt.datetime(2019, 12, 10, 2, 1, 46, tzinfo=UTC)


def test_iabtcf_es_issue_201_publisher_restrictions():
    text = ("CO4VGswO4VGswAfZCBDEAzCsAP_AAH_AAAigGUNf_X9fb2vj-_599_t0eY1f9_63t-wzjheMs-8NyZ-X_J4Wv2"
            "MyvB34JqQKGRgkunLBAQdtHGncTQgBwIlViTLMY02MjzNKJrJEilsbe2dYGH9vn8XT_ZKZ70-_v__7v3___33_"
            "5Ayhr_6_r7e18f3_Pvv9ujzGr_v_W9v2GccLxln3huTPy_5PC1-xmV4O_BNSBQyMEl05YICDto407iaEAOBEqs"
            "SZZjGmxkeZpRNZIkUtjb2zrAw_t8_i6f7JTPen39___d-___--__ICgKAOAAcAA4AFAAjgB6AEYALcGACAW0At"
            "oJAHAAOAAcACgARwA9ACMAFuFABALaAW0GgDgAHAAOABQAI4AegBGAC3DgAgFtALaEQBwADgAHAAoAEcAPQAjA"
            "BbiQAQC2gFtCoA4ABwADgAUACOAHoARgAtxYAIBbQC2hkAcAA4ABwAKABHAD0AIwAW40AEAtoBbQ6AOAAcAA4A"
            "FAAjgB6AEYALceACAW0AtohAHAAOAAcACgARwA9ACMAFuRABALaAW0SgDgAHAAOABQAI4AegBGAC3JgAgFtALa"
            "KQBwADgAHAAoAEcAPQAjABblQAQC2gFtA")
    t = tcf.decode(text)
    assert t is not None and t.version == 2
    purpose_1 = [r for r in t.publisher_restrictions if (r.purpose, r.type) == (1, 1)]
    assert [sorted(r.vendors) for r in purpose_1] == [[7, 20, 71, 122, 140, 183]]


def test_spec_example_reads_only_the_core_segment():
    t = tcf.decode(SPEC_EXAMPLE)
    core = tcf.decode(SPEC_EXAMPLE.split(".")[0])
    assert t == core and t.version == 2
    # a broken segment after the core is not read
    assert tcf.decode(SPEC_EXAMPLE.split(".")[0] + ".!!!") == core


@pytest.mark.parametrize("text", [
    ES_V1,  # iabtcf-es issue 156: a TCF v1 consent string
    "Bg",  # iabtcf-java: version 1
    "CA==", "CA", "CAAAAAAAAAAA",  # version 2 but cut short (iabtcf-java: refused)
    JAVA_FIELDS[:30],  # the published string cut in its purposes
    JAVA_BITFIELDS[:40],  # cut inside the vendor bit field
    "not a tc string!", "COtybn4PA_zT4KjA$BENAPCI", "", "   ", ".", None, 42,
])
def test_undecodable(text):
    assert tcf.decode(text) is None


def test_version_other_than_two_is_refused():
    assert tcf.decode(tcf.encode([1, 3, 4], [1], version=3)) is None
    assert tcf.decode(tcf.encode([1, 3, 4], [1], version=1)) is None


def test_encoder_reproduces_published_strings():
    """The encoder, given the fields the IAB decoders publish, writes the very same strings."""
    assert tcf.encode(
        [2, 10], [], policy_version=2,
        created=dt.datetime(2020, 1, 26, 17, 1, tzinfo=UTC),
        last_updated=dt.datetime(2021, 2, 2, 17, 1, tzinfo=UTC),
        cmp_id=675, cmp_version=2, consent_screen=1, vendor_list_version=15,
        is_service_specific=False, special_feature_optins=[1],
        purposes_li_transparency=[2, 9], purpose_one_treatment=True,
        publisher_cc="AA") == JAVA_FIELDS
    published = tcf.decode(JAVA_BITFIELDS)
    assert tcf.encode(
        {3, 4, 5, 6, 7, 8, 9}, {23, 37, 47, 48, 53, 65, 98}, policy_version=2,
        created=published.created, last_updated=published.last_updated, cmp_id=2,
        cmp_version=1, consent_screen=1, vendor_list_version=7, is_service_specific=False,
        special_feature_optins=[1], publisher_cc="AQ",
        vendor_legitimate_interests={37, 47, 48, 53, 65, 98, 129}) == JAVA_BITFIELDS
    ranged = tcf.decode(JAVA_TWO_RANGES)
    assert tcf.encode([], {702, 703}, policy_version=2, created=ranged.created, cmp_id=746,
                      vendor_list_version=15, is_service_specific=False,
                      vendor_legitimate_interests={683, 684}) == JAVA_TWO_RANGES


@pytest.mark.parametrize("encoding", ["auto", "bitfield", "range"])
@pytest.mark.parametrize("purposes, vendors", [
    ([1, 3, 4], [755]),
    ([1, 2, 3, 4, 7, 9, 10], [1, 2, 3, 10, 11, 755, 1000]),
    ([], []),
    (range(1, 25), range(1, 400)),
])
def test_round_trip(purposes, vendors, encoding):
    text = tcf.encode(purposes, vendors, encoding=encoding)
    t = tcf.decode(text)
    assert t.purposes_consent == frozenset(purposes)
    assert t.vendor_consents == frozenset(vendors)
    assert t.version == 2 and t.policy_version == 4
    assert t.created == t.last_updated == dt.datetime(2026, 1, 1, tzinfo=UTC)
    assert t.is_service_specific is True


def test_encode_keywords_round_trip():
    text = tcf.encode([1], [5], policy_version=5, created=dt.date(2026, 11, 2), cmp_id=300,
                      consent_language="fr", publisher_cc="DE", purposes_li_transparency=[2])
    t = tcf.decode(text)
    assert (t.policy_version, t.cmp_id, t.consent_language, t.publisher_cc) == (
        5, 300, "FR", "DE")
    assert t.created == dt.datetime(2026, 11, 2, tzinfo=UTC)
    assert t.purposes_li_transparency == {2}


def test_auto_encoding_picks_the_shorter():
    # one vendor with a high id: a range entry (12 + 17 bits) beats 30,000 bits of field
    assert len(tcf.encode([1], [30000])) < 60
    assert len(tcf.encode([1], [30000], encoding="bitfield")) > 5000


@pytest.mark.parametrize("kwargs", [
    {"purposes_consent": [25], "vendor_consents": []},
    {"purposes_consent": [0], "vendor_consents": []},
    {"purposes_consent": [], "vendor_consents": [0]},
    {"purposes_consent": [], "vendor_consents": [70000]},
    {"purposes_consent": [], "vendor_consents": [], "publisher_cc": "G1"},
    {"purposes_consent": [], "vendor_consents": [], "encoding": "zip"},
])
def test_encode_rejects_what_cannot_be_written(kwargs):
    with pytest.raises(ValueError):
        tcf.encode(**kwargs)


def test_each_distinct_string_is_decoded_once():
    tcf._decode.cache_clear()
    for _ in range(50):
        tcf.decode(JAVA_FIELDS)
        tcf.decode(JAVA_FIELDS + ".IFoE")  # the same core segment
    info = tcf._decode.cache_info()
    assert info.misses == 1 and info.hits == 99
