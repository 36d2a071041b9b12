"""The sample portfolio: a vendor of industrial IoT software and its customers, placed relative to now.

Everything is written down as a portfolio would be described by the people who run it: the
accounts, who is who inside each customer, the stories of the last year (wins, incidents, a key
account sliding away), plans, opportunities and follow-ups. Only the routine bulk — orders and
everyday interactions — comes from a generator, seeded per account, so the data is identical
for a given `now` and looks alive whenever it is loaded.

Numbers are chosen so that `kamctl score` spreads the accounts over all four quadrants of
SPEC §4 (plus a few `unrated` prospects), `kamctl contacts map` shows every coverage finding of
SPEC §5 somewhere, and `kamctl remind` has something overdue, due today and upcoming.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from kamctl.store.models import (
    Account,
    AccountHistory,
    Contact,
    Goal,
    LogContact,
    LogEntry,
    Objective,
    Opportunity,
    Order,
    Reminder,
    Review,
    TeamMember,
)

if TYPE_CHECKING:
    from sqlmodel import Session

SEED = "kamctl-demo-2026"
"""Mixed with each account's name, so editing one account never reshuffles another's data."""


# ---------------------------------------------------------------------------------------------
# The shape of the data. Day counts are relative: `created=2400` means 2,400 days before today,
# `renewal=45` means 45 days after today.


@dataclass(frozen=True)
class Orders:
    """How an account buys: number of orders in the last year and in the year before it."""

    recent: int
    older: int
    size: int
    """Typical order amount in yen."""
    margin: float | None
    """Typical profit share of an order; None = this customer's profit is not tracked per order."""
    until: int = 1
    """Days ago of the latest possible order (a lost customer stops buying)."""


@dataclass(frozen=True)
class AccountSpec:
    name: str
    industry: str
    owner: str
    tier: str
    status: str
    created: int
    domain: str
    lang: str = "ja"
    """Language of routine notes: `ja`, `en` or `mixed`."""
    stage: int | None = None
    share_of_wallet: float | None = None
    ratings: tuple[int, int, int] | None = None
    """growth, strategic_fit, influence."""
    orders: Orders | None = None
    csat: float | None = None
    """Typical answer to the quarterly satisfaction survey; None = no survey answered."""
    log_every: int | None = None
    """Mean days between routine interactions; None = none in the last year."""
    last_contact: int = 1
    """Days ago of the latest routine interaction (stories in MOMENTS may be more recent)."""
    threads: tuple[int, ...] | None = None
    """The contacts (by position) met in routine interactions; None = anyone on the map."""
    cadence_days: int | None = None
    preferred_channel: str | None = None
    renewal: int | None = None
    tags: tuple[str, ...] = ()
    notes: str | None = None
    revenue: float | None = None
    profit: float | None = None
    archived: bool = False


@dataclass(frozen=True)
class ContactSpec:
    name: str
    title: str
    role: str
    influence: int
    stance: str
    reports_to: int | None
    """Position of the manager in the same account's list (always an earlier one: no cycles)."""
    our_contact: str
    email: str | None
    cadence_days: int | None = None
    left: int | None = None
    """Days ago the person left the company."""
    added: int | None = None
    """Days ago the person joined the map; None = when the account was created."""
    notes: str | None = None


@dataclass(frozen=True)
class FollowUp:
    title: str
    due: int
    done: int | None = None


@dataclass(frozen=True)
class Moment:
    """A log entry that tells part of an account's story (hand-written, not generated)."""

    account: str
    days_ago: int
    channel: str
    kind: str
    sentiment: str | None
    notes: str
    with_: tuple[int, ...] = ()
    tags: tuple[str, ...] = ()
    csat: int | None = None
    nps: int | None = None
    author: str | None = None
    hour: int = 10
    follow_up: FollowUp | None = None


@dataclass(frozen=True)
class ReminderSpec:
    account: str
    title: str
    due: int
    created: int
    contact: int | None = None
    rule: str | None = None
    done: int | None = None


@dataclass(frozen=True)
class OpportunitySpec:
    account: str
    title: str
    type: str
    value: float
    status: str
    created: int
    close: int | None
    closed: int | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Plan:
    account: str
    goals: tuple[str, ...]
    objectives: tuple[tuple[str, int, int | None], ...]
    """(text, due in days from today, done how many days ago or None)."""
    master_plan: str | None = None


@dataclass(frozen=True)
class Change:
    """One recorded change of an account (SPEC §3 history; status and tier drive retention KPIs)."""

    account: str
    days_ago: int
    field: str
    old: str
    new: str
    who: str


# ---------------------------------------------------------------------------------------------
# The accounts. Owners: sato, tanaka, lee. Our other people: suzuki (executive sponsor),
# yamada (customer support), mori (solutions engineer), ito (marketing).

HOKUTO = "北斗精機株式会社"
KAPPA = "Kappa Motors"
MINATO = "株式会社みなと物流"
SAKURA = "Sakura Foods"
MERIDIAN = "Meridian Health Systems"
TOHO = "東邦電力株式会社"
NORTHWIND = "Northwind Retail Group"
ASTER = "Aster Financial Group"
YAMATO = "大和化学工業株式会社"
ORION = "Orion Semiconductor"
BLUE_HARBOR = "Blue Harbor Shipping"
CHIYODA = "千代田メディカル株式会社"
NEXT = "株式会社ＮＥＸＴファクトリー"
GREENFIELD = "Greenfield Agritech"
KANSAI = "関西ガス株式会社"
SUMMIT = "Summit Bank"
MARUYAMA = "丸山金属工業株式会社"
LUMEN = "Lumen Dental Clinics"
HIKARI = "株式会社ひかりスーパー"
PACIFIC = "Pacific Cold Chain"
TANUKI = "Tanuki Beverages"
FUJIMI = "富士見ホテルズ株式会社"
REDLINE = "Redline Auto Parts"
AOBA = "青葉クリニック"
VEGA = "Vega Payments"
SHIRAKAWA = "株式会社しらかわ食品"
HINODE = "日の出パッケージ株式会社"
ATLAS = "Atlas Retail Partners"
POLARIS = "Polaris Energy Services"
KESTREL = "Kestrel Logistics"
TOYO = "東洋テキスタイル株式会社"

ACCOUNTS: tuple[AccountSpec, ...] = (
    # --- key accounts -------------------------------------------------------------------------
    AccountSpec(
        HOKUTO, "manufacturing", "sato", "key", "active", created=2400, domain="hokuto-seiki.co.jp",
        stage=5, share_of_wallet=65, ratings=(4, 5, 4), orders=Orders(26, 22, 2_200_000, 0.31),
        csat=4.5, log_every=10, last_contact=3, cadence_days=14, preferred_channel="visit",
        renewal=45, tags=("iot", "machine-monitoring", "重点"),
        notes="Flagship reference customer: machine monitoring in the Sapporo, Chitose and "
        "Tomakomai plants.",
    ),
    AccountSpec(
        KAPPA, "automotive", "tanaka", "key", "active", created=2000, domain="kappa-motors.com",
        lang="en", stage=4, share_of_wallet=45, ratings=(5, 5, 5), orders=Orders(18, 14, 4_200_000, 0.27),
        csat=4.2, log_every=10, last_contact=2, cadence_days=14, preferred_channel="meeting",
        renewal=80, tags=("automotive", "ev", "iot"),
        notes="EV lines in Hamamatsu and Chonburi (Thailand). Framework agreement renews next quarter.",
    ),
    AccountSpec(
        MINATO, "logistics", "sato", "key", "at-risk", created=1800, domain="minato-logi.co.jp",
        stage=3, share_of_wallet=35, ratings=(3, 4, 4), orders=Orders(12, 20, 1_900_000, 0.24),
        csat=2.6, log_every=12, last_contact=45, threads=(2, 3, 4), cadence_days=14,
        preferred_channel="visit", renewal=-12, tags=("logistics", "fleet", "at-risk"),
        notes="車両テレマティクス。DX推進室長の退職後、新任CFOが価格を理由に他社切替を検討中。",
    ),
    AccountSpec(
        SAKURA, "food", "lee", "key", "active", created=2200, domain="sakura-foods.co.jp",
        lang="mixed", stage=4, share_of_wallet=55, ratings=(3, 4, 4), orders=Orders(30, 26, 850_000, 0.34),
        csat=4.3, log_every=11, last_contact=5, preferred_channel="meeting", renewal=150,
        tags=("food", "cold-chain", "haccp"),
        notes="Cold-chain monitoring for four plants and the Kobe export warehouse.",
    ),
    AccountSpec(
        MERIDIAN, "healthcare", "lee", "key", "active", created=900, domain="meridian-health.com",
        lang="en", stage=4, share_of_wallet=50, ratings=(5, 4, 3), orders=Orders(10, 6, 3_600_000, 0.38),
        csat=4.0, log_every=13, last_contact=8, preferred_channel="call", renewal=62,
        tags=("healthcare", "compliance"),
        notes="Medical device monitoring across two hospitals; new wing opens in spring.",
    ),
    AccountSpec(
        TOHO, "energy", "tanaka", "key", "active", created=1500, domain="toho-denryoku.co.jp",
        stage=4, share_of_wallet=40, ratings=(4, 5, 5), orders=Orders(8, 6, 5_500_000, 0.30),
        csat=3.8, log_every=14, last_contact=30, cadence_days=14, preferred_channel="visit",
        renewal=200, tags=("energy", "grid"),
        notes="変電所の異常検知PoCを実施中。調達は競争入札が原則。",
    ),
    AccountSpec(
        NORTHWIND, "retail", "sato", "key", "active", created=2600, domain="northwind-retail.com",
        lang="en", stage=4, share_of_wallet=60, ratings=(2, 2, 2), orders=Orders(16, 28, 380_000, 0.16),
        csat=4.0, log_every=12, last_contact=6, cadence_days=21, preferred_channel="email",
        renewal=30, tags=("retail", "pos"),
        notes="Long-standing POS and refrigeration monitoring; spend shrinking as stores close.",
    ),
    AccountSpec(
        ASTER, "finance", "lee", "key", "active", created=1200, domain="asterfg.com",
        lang="en", stage=5, share_of_wallet=70, ratings=(3, 4, 5), orders=Orders(6, 4, 6_800_000, 0.42),
        csat=4.6, log_every=12, last_contact=4, preferred_channel="meeting", renewal=20,
        tags=("finance", "data-center", "security"),
        notes="Data-center facilities monitoring; strict security reviews before every change.",
    ),
    # --- candidates ---------------------------------------------------------------------------
    AccountSpec(
        YAMATO, "manufacturing", "tanaka", "candidate", "active", created=1000, domain="yamato-chem.co.jp",
        stage=2, share_of_wallet=15, ratings=(5, 4, 4), orders=Orders(12, 8, 2_600_000, 0.29),
        csat=3.2, log_every=25, last_contact=20, preferred_channel="visit",
        tags=("chemicals", "expansion"),
        notes="購買部長は既存ベンダー寄り。製造本部は前向き。",
    ),
    AccountSpec(
        ORION, "manufacturing", "lee", "candidate", "active", created=520, domain="orion-semi.com",
        lang="en", stage=2, share_of_wallet=20, ratings=(5, 5, 4), orders=Orders(8, 3, 4_800_000, 0.33),
        csat=3.4, log_every=28, last_contact=25, preferred_channel="call",
        tags=("semiconductor", "yield"),
    ),
    AccountSpec(
        BLUE_HARBOR, "logistics", "sato", "candidate", "active", created=800, domain="blueharbor.co",
        lang="en", stage=2, share_of_wallet=10, ratings=(4, 3, 3), orders=Orders(14, 10, 1_300_000, 0.22),
        csat=3.0, log_every=30, last_contact=50, threads=(0,), preferred_channel="call",
        tags=("logistics", "telematics"),
    ),
    AccountSpec(
        CHIYODA, "healthcare", "lee", "candidate", "active", created=700, domain="chiyoda-med.co.jp",
        stage=1, share_of_wallet=8, ratings=(4, 4, 3), orders=Orders(6, 2, 2_400_000, 0.36),
        log_every=30, last_contact=40, preferred_channel="meeting", tags=("healthcare",),
    ),
    AccountSpec(
        NEXT, "manufacturing", "tanaka", "candidate", "active", created=600, domain="next-factory.jp",
        stage=3, share_of_wallet=25, ratings=(4, 3, 3), orders=Orders(16, 6, 1_100_000, 0.27),
        csat=3.5, log_every=24, last_contact=15, preferred_channel="chat",
        tags=("startup", "greenfield-plant"),
        notes="第２工場の新設に合わせてIoT基盤の一括導入を検討中。",
    ),
    AccountSpec(
        GREENFIELD, "food", "sato", "candidate", "active", created=650, domain="greenfield-agri.com",
        lang="en", stage=2, share_of_wallet=20, orders=Orders(10, 7, 1_000_000, 0.25),
        csat=3.6, log_every=30, last_contact=22, preferred_channel="email", tags=("agritech",),
        notes="Ratings not assessed yet: waiting for their 2027 expansion plan.",
    ),
    AccountSpec(
        KANSAI, "energy", "tanaka", "candidate", "active", created=1100, domain="kansai-gas.co.jp",
        stage=3, share_of_wallet=35, ratings=(4, 4, 4), orders=Orders(5, 4, 3_200_000, 0.31),
        csat=4.0, log_every=26, last_contact=14, preferred_channel="visit", tags=("energy", "safety"),
    ),
    AccountSpec(
        SUMMIT, "finance", "lee", "candidate", "prospect", created=150, domain="summitbank.com",
        lang="en", ratings=(4, 3, 4), log_every=35, last_contact=20, preferred_channel="call",
        tags=("prospect", "hvac"),
    ),
    # --- standard accounts --------------------------------------------------------------------
    AccountSpec(
        MARUYAMA, "manufacturing", "sato", "standard", "active", created=3000,
        domain="maruyama-kinzoku.co.jp", stage=4, share_of_wallet=75, ratings=(2, 2, 1),
        orders=Orders(20, 22, 320_000, 0.20), csat=4.4, log_every=50, last_contact=75, cadence_days=60,
        preferred_channel="visit", tags=("metal",), notes="家族経営。社長と専務が全て決める。",
    ),
    AccountSpec(
        LUMEN, "healthcare", "lee", "standard", "active", created=1300, domain="lumendental.com",
        lang="en", stage=3, share_of_wallet=60, ratings=(2, 2, 2), orders=Orders(4, 5, 420_000, 0.30),
        csat=4.5, log_every=60, last_contact=30, preferred_channel="email", tags=("dental",),
    ),
    AccountSpec(
        HIKARI, "retail", "tanaka", "standard", "active", created=1600, domain="hikari-super.co.jp",
        stage=4, share_of_wallet=55, ratings=(2, 1, 2), orders=Orders(15, 14, 260_000, 0.16),
        csat=4.0, log_every=45, last_contact=20, preferred_channel="call", tags=("retail", "refrigeration"),
    ),
    AccountSpec(
        PACIFIC, "logistics", "sato", "standard", "at-risk", created=1400, domain="pacificcoldchain.com",
        lang="en", stage=2, share_of_wallet=10, ratings=(2, 2, 2), orders=Orders(5, 9, 380_000, 0.15),
        csat=2.4, log_every=40, last_contact=40, preferred_channel="call", tags=("cold-chain",),
        notes="Merged with a larger 3PL in the spring; budgets frozen.",
    ),
    AccountSpec(
        TANUKI, "food", "tanaka", "standard", "active", created=1200, domain="tanuki-bev.jp",
        lang="en", stage=1, share_of_wallet=10, ratings=(1, 2, 2), orders=Orders(3, 4, 240_000, 0.20),
        csat=3.0, log_every=70, last_contact=50, tags=("beverages",),
    ),
    AccountSpec(
        FUJIMI, "hospitality", "lee", "standard", "active", created=900, domain="fujimi-hotels.co.jp",
        stage=2, share_of_wallet=20, ratings=(2, 1, 2), orders=Orders(4, 4, 500_000, 0.25),
        csat=3.2, log_every=60, last_contact=35, preferred_channel="email", tags=("hotels", "energy"),
    ),
    AccountSpec(
        REDLINE, "automotive", "tanaka", "standard", "active", created=1700, domain="redline-parts.com",
        lang="en", stage=3, share_of_wallet=50, ratings=(2, 2, 1), orders=Orders(9, 8, 450_000, None),
        csat=3.8, log_every=60, last_contact=40, tags=("aftermarket",),
        notes="Buys through their parent's purchasing system: no per-order margin data.",
    ),
    AccountSpec(
        AOBA, "healthcare", "lee", "standard", "prospect", created=90, domain="aoba-clinic.jp",
        log_every=40, last_contact=15, tags=("prospect",),
        notes="紹介案件。まだ評価前。",
    ),
    AccountSpec(
        VEGA, "finance", "lee", "standard", "prospect", created=200, domain="vegapay.io",
        lang="en", ratings=(3, 2, 3), log_every=45, last_contact=28, preferred_channel="email",
        tags=("prospect", "fintech"),
    ),
    AccountSpec(
        SHIRAKAWA, "food", "sato", "standard", "active", created=2000, domain="shirakawa-foods.co.jp",
        stage=2, share_of_wallet=5, ratings=(2, 2, 1), orders=Orders(0, 6, 420_000, 0.22),
        log_every=90, last_contact=120, cadence_days=90, tags=("dormant",),
        notes="昨年度以降は発注なし。設備更新の予算待ち。",
    ),
    AccountSpec(
        HINODE, "manufacturing", "lee", "standard", "active", created=1500, domain="hinode-pkg.co.jp",
        stage=3, share_of_wallet=40, ratings=(3, 3, 2), csat=3.9, log_every=60, last_contact=27,
        revenue=9_500_000, profit=1_700_000, tags=("packaging", "via-distributor"),
        notes="販売代理店経由のため受注明細なし。売上・利益は代理店報告値を手入力。",
    ),
    AccountSpec(
        ATLAS, "retail", "tanaka", "standard", "active", created=1100, domain="atlas-retail.com",
        lang="en", stage=2, share_of_wallet=25, ratings=(3, 2, 3), orders=Orders(6, 5, 700_000, 0.21),
        csat=3.4, log_every=50, last_contact=33, revenue=12_000_000, profit=2_100_000,
        tags=("retail", "partner-channel"),
        notes="Most revenue flows through a reseller; revenue and profit are the partner's annual figures.",
    ),
    AccountSpec(
        POLARIS, "energy", "tanaka", "standard", "lost", created=1300, domain="polaris-es.com",
        lang="en", stage=2, share_of_wallet=5, ratings=(2, 2, 2),
        orders=Orders(3, 8, 600_000, 0.24, until=160),
        csat=2.5, log_every=45, last_contact=165, tags=("churned",),
        notes="Moved to the parent company's in-house platform.",
    ),
    AccountSpec(
        KESTREL, "logistics", "sato", "standard", "lost", created=1900, domain="kestrel-logistics.com",
        lang="en", stage=1, share_of_wallet=5, ratings=(1, 1, 2),
        orders=Orders(0, 5, 300_000, 0.18, until=440),
        archived=True, tags=("churned",),
    ),
    AccountSpec(
        TOYO, "manufacturing", "lee", "standard", "lost", created=2800, domain="toyo-textile.co.jp",
        stage=2, share_of_wallet=10, ratings=(1, 1, 1), orders=Orders(0, 3, 350_000, 0.20, until=610),
        archived=True, tags=("churned",), notes="国内工場閉鎖に伴い取引終了。",
    ),
)


# ---------------------------------------------------------------------------------------------
# The account maps. reports_to points at an earlier position in the same list.

C = ContactSpec

CONTACTS: dict[str, tuple[ContactSpec, ...]] = {
    HOKUTO: (
        C("北村 正人", "代表取締役社長", "decision-maker", 5, "supporter", None, "suzuki", "m.kitamura",
          cadence_days=60),
        C("山本 健一", "生産本部長", "economic-buyer", 5, "champion", 0, "sato", "k.yamamoto"),
        C("佐々木 由美", "購買部 課長", "gatekeeper", 3, "neutral", 1, "sato", "y.sasaki"),
        C("高橋 翔", "生産技術課 係長", "technical", 3, "champion", 1, "mori", "s.takahashi"),
        C("井上 美咲", "情報システム部 主任", "technical", 2, "supporter", 0, "yamada", "m.inoue"),
        C("中島 大輔", "苫小牧工場 工場長", "user", 4, "supporter", 1, "sato", "d.nakajima"),
        C("村田 亮", "生産技術部長", "influencer", 4, "champion", 0, "sato", "r.murata", left=300,
          notes="2026年1月に定年退職。導入当初からの推進者。"),
    ),
    KAPPA: (
        C("Kenji Morita", "EVP Manufacturing", "decision-maker", 5, "supporter", None, "suzuki",
          "kenji.morita", cadence_days=45),
        C("Laura Chen", "VP Procurement", "economic-buyer", 5, "neutral", 0, "tanaka", "laura.chen"),
        C("Daniel Okafor", "Director, Smart Factory", "champion", 4, "champion", 0, "tanaka",
          "daniel.okafor", cadence_days=21),
        C("Yuki Harada", "Plant Manager, Hamamatsu", "user", 3, "supporter", 2, "mori", "yuki.harada"),
        C("Priya Nair", "IT Security Lead", "technical", 3, "skeptic", 1, "yamada", "priya.nair",
          notes="Wants every gateway on the OT network reviewed before rollout."),
        C("Tom Becker", "Purchasing Manager", "gatekeeper", 2, "neutral", 1, "tanaka", "tom.becker",
          left=200),
        C("Aiko Shimizu", "Maintenance Engineer", "user", 2, "champion", 3, "yamada", "aiko.shimizu"),
    ),
    MINATO: (
        C("松本 浩二", "代表取締役", "decision-maker", 5, "neutral", None, "sato", "k.matsumoto",
          cadence_days=60),
        C("小林 隆", "取締役CFO", "economic-buyer", 5, "blocker", 0, "sato", "t.kobayashi", added=120,
          notes="前職で競合製品を導入。コスト削減を最優先。"),
        C("藤田 彩", "物流DX推進室 室長", "champion", 4, "champion", 0, "sato", "a.fujita", left=100),
        C("岡田 誠", "配車センター長", "user", 3, "skeptic", 0, "sato", "m.okada"),
        C("石井 直樹", "情報システム課 主任", "technical", 2, "supporter", 1, "yamada", "n.ishii"),
    ),
    SAKURA: (
        C("加藤 博", "代表取締役社長", "decision-maker", 5, "supporter", None, "suzuki", "h.kato"),
        C("森 優子", "品質保証部 部長", "economic-buyer", 4, "champion", 0, "lee", "y.mori"),
        C("清水 拓也", "物流部 マネージャー", "influencer", 3, "supporter", 0, "lee", "t.shimizu"),
        C("Emily Ward", "Head of Export Operations", "influencer", 3, "neutral", 0, "lee", "emily.ward"),
        C("吉田 健太", "設備保全課", "technical", 2, "supporter", 2, "yamada", "k.yoshida"),
        C("田中 美穂", "購買課", "gatekeeper", 2, "neutral", 1, "lee", "m.tanaka"),
    ),
    MERIDIAN: (
        C("Dr. Sarah Collins", "Chief Operating Officer", "decision-maker", 5, "supporter", None, "suzuki",
          "scollins"),
        C("Mark Rivera", "Chief Financial Officer", "economic-buyer", 4, "neutral", 0, "lee", "mrivera"),
        C("Jenny Park", "Director of Clinical Engineering", "champion", 4, "champion", 0, "lee", "jpark"),
        C("Ahmed Hassan", "Biomedical Technician Lead", "user", 2, "supporter", 2, "yamada", "ahassan"),
        C("Rachel Green", "Compliance Officer", "influencer", 3, "skeptic", 0, "mori", "rgreen"),
    ),
    TOHO: (
        C("石川 誠一", "常務執行役員", "decision-maker", 5, "neutral", None, "suzuki", "s.ishikawa"),
        C("原田 恵", "調達部 部長", "economic-buyer", 4, "skeptic", 0, "tanaka", "m.harada"),
        C("遠藤 浩", "送配電技術部 部長", "champion", 4, "champion", 0, "tanaka", "h.endo"),
        C("木村 啓太", "変電所保守 課長", "user", 3, "supporter", 2, "mori", "k.kimura"),
        C("西村 さやか", "情報セキュリティ室", "technical", 3, "neutral", 0, "yamada", "s.nishimura"),
    ),
    NORTHWIND: (
        C("Michael Grant", "Chief Operating Officer", "decision-maker", 5, "supporter", None, "sato",
          "michael.grant"),
        C("Olivia Brooks", "VP Store Operations", "economic-buyer", 4, "champion", 0, "sato",
          "olivia.brooks"),
        C("Kevin Liu", "IT Director", "technical", 3, "neutral", 0, "sato", "kevin.liu"),
        C("Sophie Martin", "Category Manager, Fresh", "user", 2, "supporter", 1, "sato", "sophie.martin"),
        C("James O'Neill", "Procurement Lead", "gatekeeper", 3, "neutral", 1, "sato", "james.oneill"),
    ),
    ASTER: (
        C("Catherine Wu", "Chief Information Officer", "decision-maker", 5, "champion", None, "suzuki",
          "catherine.wu", cadence_days=45),
        C("Robert Hayes", "Chief Financial Officer", "economic-buyer", 5, "supporter", None, "lee",
          "robert.hayes"),
        C("Nina Patel", "Head of Facilities", "champion", 3, "champion", 0, "lee", "nina.patel"),
        C("David Kim", "Data Center Operations Manager", "technical", 3, "supporter", 2, "mori",
          "david.kim"),
        C("Grace Lee", "Vendor Management", "gatekeeper", 3, "neutral", 1, "lee", "grace.lee"),
        C("Marcus Johnson", "Head of Operational Risk", "influencer", 4, "skeptic", 1, "lee",
          "marcus.johnson"),
    ),
    YAMATO: (
        C("森田 剛", "取締役 製造本部長", "decision-maker", 5, "neutral", None, "tanaka", "t.morita"),
        C("長谷川 修", "購買部 部長", "economic-buyer", 4, "blocker", 0, "tanaka", "o.hasegawa",
          notes="既存ベンダーとの長期契約を重視。"),
        C("近藤 真理", "生産技術課 課長", "champion", 3, "champion", 0, "tanaka", "m.kondo"),
        C("福田 亮介", "設備保全係", "user", 2, "supporter", 2, "tanaka", "r.fukuda"),
    ),
    ORION: (
        C("Ethan Brown", "Senior Process Engineer", "technical", 3, "champion", None, "lee", "ethan.brown"),
        C("Mia Thompson", "Fab Operations Supervisor", "user", 2, "supporter", 0, "mori", "mia.thompson"),
        C("Lucas Schmidt", "Yield Analytics Lead", "influencer", 3, "supporter", None, "lee",
          "lucas.schmidt"),
    ),
    BLUE_HARBOR: (
        C("Hannah Wright", "Fleet Operations Director", "champion", 4, "champion", None, "sato",
          "hannah.wright"),
        C("George Miller", "Chief Financial Officer", "economic-buyer", 4, "neutral", None, "sato",
          "george.miller"),
        C("Ivy Chen", "Port IT Manager", "technical", 2, "neutral", 0, "yamada", "ivy.chen"),
    ),
    CHIYODA: (
        C("斎藤 真一", "経営企画部 部長", "decision-maker", 4, "supporter", None, "lee", "s.saito"),
        C("青木 加奈", "臨床工学技士長", "champion", 3, "champion", 0, "lee", "k.aoki"),
    ),
    NEXT: (
        C("小川 拓海", "代表取締役", "decision-maker", 5, "champion", None, "tanaka", "t.ogawa"),
        C("松井 さくら", "製造部 マネージャー", "user", 3, "supporter", 0, "mori", "s.matsui"),
        C("前田 陽介", "ＩＴ推進グループ", "technical", 2, "neutral", 0, "yamada", "y.maeda"),
    ),
    GREENFIELD: (
        C("Oliver Scott", "CEO", "decision-maker", 5, "supporter", None, "sato", "oliver"),
        C("Chloe Adams", "Head of Greenhouse Operations", "champion", 3, "champion", 0, "sato", "chloe"),
        C("Ben Carter", "Agronomy Data Lead", "technical", 2, "neutral", 1, "mori", "ben"),
    ),
    KANSAI: (
        C("上田 俊介", "保安部 部長", "decision-maker", 4, "supporter", None, "tanaka", "s.ueda"),
        C("横山 理恵", "購買課 課長", "economic-buyer", 3, "neutral", 0, "tanaka", "r.yokoyama"),
        C("谷口 健", "保安技術係 主任", "technical", 2, "champion", 0, "mori", "k.taniguchi"),
        C("野村 洋子", "経営企画部", "influencer", 3, "neutral", None, "tanaka", "y.nomura"),
    ),
    SUMMIT: (
        C("Andrew Foster", "VP Infrastructure", "decision-maker", 4, "neutral", None, "lee", "afoster"),
        C("Lisa Moreno", "Facilities Manager", "user", 2, "supporter", 0, "lee", "lmoreno"),
    ),
    MARUYAMA: (
        C("丸山 茂", "代表取締役社長", "decision-maker", 5, "champion", None, "sato", "shigeru"),
        C("丸山 和也", "専務取締役", "economic-buyer", 4, "supporter", 0, "sato", "kazuya"),
    ),
    LUMEN: (
        C("Dr. Anna Fischer", "Owner & Lead Dentist", "decision-maker", 5, "champion", None, "lee",
          "anna.fischer"),
        C("Paul Evans", "Practice Manager", "user", 3, "supporter", 0, "yamada", "paul.evans"),
    ),
    HIKARI: (
        C("中村 健", "店舗運営部 部長", "decision-maker", 4, "supporter", None, "tanaka", "k.nakamura"),
        C("林 美紀", "店舗システム担当", "technical", 2, "supporter", 0, "yamada", "m.hayashi"),
        C("山口 大樹", "購買担当", "gatekeeper", 2, "neutral", 0, "tanaka", "d.yamaguchi", left=150),
    ),
    PACIFIC: (
        C("Ryan Cooper", "Operations Manager", "influencer", 3, "skeptic", None, "sato", "ryan.cooper"),
    ),
    TANUKI: (
        C("Ken Watanabe", "Plant Manager", "decision-maker", 3, "neutral", None, "tanaka", "ken"),
        C("Sara Ito", "QA Lead", "user", 2, "supporter", 0, "tanaka", "sara"),
    ),
    FUJIMI: (
        C("酒井 隆之", "施設管理部 部長", "decision-maker", 4, "neutral", None, "lee", "t.sakai"),
        C("工藤 菜々", "客室管理課", "user", 2, "supporter", 0, "lee", "n.kudo"),
    ),
    REDLINE: (
        C("Carlos Diaz", "General Manager", "decision-maker", 4, "supporter", None, "tanaka", "cdiaz"),
        C("Emma Wilson", "Warehouse Supervisor", "user", 2, "champion", 0, "tanaka", "ewilson"),
    ),
    AOBA: (
        C("菅原 智子", "理事長", "decision-maker", 5, "neutral", None, "lee", "sugawara"),
    ),
    VEGA: (
        C("Jack Taylor", "CTO", "decision-maker", 4, "skeptic", None, "lee", "jack"),
        C("Sofia Rossi", "Head of Workplace", "influencer", 3, "neutral", 0, "lee", "sofia"),
    ),
    SHIRAKAWA: (
        C("白川 修", "専務取締役", "decision-maker", 4, "neutral", None, "sato", "o.shirakawa"),
    ),
    HINODE: (
        C("大野 智子", "生産管理部 部長", "decision-maker", 4, "supporter", None, "lee", "t.ohno"),
        C("宮本 翼", "設備担当", "technical", 2, "champion", 0, "mori", "t.miyamoto"),
    ),
    ATLAS: (
        C("Daniel Hughes", "Director of Operations", "decision-maker", 4, "supporter", None, "tanaka",
          "dhughes"),
        C("Megan Clark", "Store Systems Manager", "technical", 3, "champion", 0, "yamada", "mclark"),
    ),
    POLARIS: (
        C("Victor Hale", "Asset Manager", "decision-maker", 4, "skeptic", None, "tanaka", "victor.hale"),
        C("Zoe Turner", "Field Engineer", "user", 2, "supporter", 0, "mori", "zoe.turner"),
    ),
    KESTREL: (
        C("Brian Moore", "Transport Manager", "decision-maker", 3, "neutral", None, "sato", "bmoore"),
    ),
    TOYO: (
        C("後藤 正", "工場長", "decision-maker", 4, "neutral", None, "lee", "t.goto"),
    ),
}


# ---------------------------------------------------------------------------------------------
# The stories of the year: hand-written log entries (with the follow-ups they created).

MOMENTS: tuple[Moment, ...] = (
    Moment(HOKUTO, 60, "visit", "win", "positive",
           "千歳工場への追加導入が正式決定（センサー120点、年間保守込み）。山本本部長から社内表彰の報告あり。",
           with_=(1, 3), tags=("win", "千歳"),
           follow_up=FollowUp("千歳工場 導入スケジュール確定", -55, done=56)),
    Moment(HOKUTO, 35, "meeting", "review", "positive",
           "四半期ビジネスレビュー：稼働率 +4.2pt、計画外停止 -31%。次期は予知保全モデルの適用拡大を提案。",
           with_=(0, 1, 2), tags=("qbr",), hour=14,
           follow_up=FollowUp("予知保全の提案書を山本本部長へ送付", 3)),
    Moment(KAPPA, 120, "email", "issue", "negative",
           "Gateway firmware bug caused a 6-hour data gap on Line 2. Root cause found, patch deployed "
           "within 24 h; Priya wants a written incident report.",
           with_=(4, 6), tags=("incident", "firmware"),
           follow_up=FollowUp("Send incident report for Line 2 data gap", -118, done=119)),
    Moment(KAPPA, 25, "meeting", "win", "positive",
           "Line 3 in Hamamatsu is live on the vibration-monitoring package. Daniel presented the first "
           "month's results to Kenji: 11 early bearing warnings, no unplanned stops.",
           with_=(0, 2), tags=("win", "hamamatsu"), hour=15),
    Moment(KAPPA, 5, "meeting", "interaction", "neutral",
           "Procurement review of the 2027 framework agreement. Laura wants a 6% volume discount; we "
           "proposed multi-year pricing instead.",
           with_=(1,), tags=("renewal", "pricing"), hour=11,
           follow_up=FollowUp("Send multi-year pricing options to Laura", -1)),
    Moment(MINATO, 130, "meeting", "interaction", "positive",
           "松本社長と年次方針の打合せ。車両稼働データの全社展開に前向き。藤田室長が推進役。",
           with_=(0, 2), tags=("方針",)),
    Moment(MINATO, 100, "call", "interaction", "negative",
           "藤田室長が今月末で退職との連絡。後任は未定。DX推進室は当面、情報システム課が兼務。",
           with_=(2,), tags=("人事",)),
    Moment(MINATO, 90, "visit", "issue", "negative",
           "配車システム連携の障害で2日間データ欠損。岡田センター長から強いクレーム。再発防止策を約束。",
           with_=(3, 4), tags=("障害",), hour=16),
    Moment(MINATO, 33, "email", "feedback", "negative",
           "年次アンケート回答：サポート対応の遅さに不満。競合製品との比較検討を開始したとのこと。",
           with_=(3,), tags=("survey",), csat=2, nps=3),
    Moment(MINATO, 20, "meeting", "interaction", "negative",
           "小林CFOと更新条件の協議。20%の値下げを要求され、応じなければ他社へ切替との意向。",
           with_=(1, 4), tags=("renewal", "価格"), hour=13,
           follow_up=FollowUp("小林CFO向けにROI資料と改定見積を提出", -3)),
    Moment(SAKURA, 70, "call", "issue", "negative",
           "Cold-chain alerts: 14 false alarms at the Kobe export warehouse in one week. Threshold tuning "
           "scheduled with 吉田さん.",
           with_=(3, 4), tags=("false-alarm", "kobe")),
    Moment(SAKURA, 45, "meeting", "win", "positive",
           "森部長の承認でHACCP記録の自動化オプションを追加受注。全4工場で来月から稼働。",
           with_=(1,), tags=("win", "haccp")),
    Moment(MERIDIAN, 95, "meeting", "review", "positive",
           "Quarterly review with Sarah: device uptime 99.97%, both open audit findings closed.",
           with_=(0, 2), tags=("qbr",)),
    Moment(MERIDIAN, 52, "meeting", "interaction", "positive",
           "Executive check-in: Sarah and our sponsor (suzuki) agreed to plan the new wing together; "
           "Mark wants the business case before the budget cycle.",
           with_=(0, 1), tags=("executive",), hour=15),
    Moment(MERIDIAN, 15, "visit", "interaction", "positive",
           "Jenny walked us through the new wing: 240 more infusion pumps and 60 beds to monitor from April.",
           with_=(2, 3), tags=("new-wing",), hour=14,
           follow_up=FollowUp("Draft proposal for new wing device monitoring", 5)),
    Moment(TOHO, 80, "call", "interaction", "neutral",
           "原田部長より調達方針の変更について説明。来期から5,000万円以上は競争入札が必須とのこと。",
           with_=(1,), tags=("調達",)),
    Moment(TOHO, 18, "visit", "interaction", "positive",
           "遠藤部長と変電所の現地確認。異常検知PoCの範囲を5拠点に拡大する方向で稟議を準備。",
           with_=(2, 3), tags=("poc",), hour=13),
    Moment(NORTHWIND, 40, "meeting", "review", "neutral",
           "Annual review with Michael and Olivia: renewal likely but at a flat price; no appetite for the "
           "analytics add-on this year.",
           with_=(0, 1), tags=("review", "renewal")),
    Moment(ASTER, 200, "meeting", "win", "positive",
           "Signed the 3-year facilities monitoring expansion for both data centers.",
           with_=(0, 1, 2), tags=("win",)),
    Moment(ASTER, 10, "meeting", "interaction", "positive",
           "Board approved the data-center energy program. Catherine wants a phased plan by month end.",
           with_=(0, 2), tags=("energy-program",), hour=16,
           follow_up=FollowUp("Phased rollout plan for the DC energy program", 0)),
    Moment(YAMATO, 12, "visit", "interaction", "neutral",
           "近藤課長とパイロットライン見学。長谷川部長は既存ベンダー継続を主張、価格比較資料を要求。",
           with_=(1, 2), tags=("pilot",),
           follow_up=FollowUp("長谷川部長へ価格比較資料を送付", 2)),
    Moment(ORION, 16, "call", "interaction", "positive",
           "Ethan confirmed the yield-analytics pilot result (+1.8% yield on the etch line). Nobody with "
           "budget authority has seen it yet.",
           with_=(0, 2), tags=("pilot", "yield")),
    Moment(BLUE_HARBOR, 44, "call", "interaction", "neutral",
           "Hannah asked for a fleet telematics demo for the CFO; still waiting for a date.",
           with_=(0,), tags=("demo",)),
    Moment(NEXT, 9, "meeting", "interaction", "positive",
           "小川社長：第２工場の新設に合わせてIoT基盤を一括導入したい意向。来月に要件定義ワークショップ。",
           with_=(0, 1), tags=("第２工場",)),
    Moment(KANSAI, 130, "visit", "win", "positive",
           "ガス導管の遠隔監視を受注。上田部長が保安会議で導入効果を報告予定。",
           with_=(0, 2), tags=("win",)),
    Moment(SUMMIT, 10, "call", "interaction", "positive",
           "Discovery call with Andrew: three branches with ageing HVAC, interested in a remote "
           "monitoring pilot.",
           with_=(0,), tags=("discovery",), follow_up=FollowUp("Send pilot scope to Summit Bank", 4)),
    Moment(PACIFIC, 25, "call", "interaction", "negative",
           "Ryan says budgets are frozen after the merger; they may drop the analytics tier at renewal.",
           with_=(0,), tags=("renewal", "budget")),
    Moment(MARUYAMA, 75, "visit", "interaction", "neutral",
           "丸山社長と面談。今期は設備増設の予定なし、現状の監視範囲で継続。",
           with_=(0, 1), tags=("訪問",)),
    Moment(POLARIS, 160, "call", "interaction", "negative",
           "Victor confirmed they are moving to the parent company's in-house platform. Contract ends "
           "next month.",
           with_=(0,), tags=("churn",)),
)


# ---------------------------------------------------------------------------------------------
# The everyday: what routine interactions and quarterly surveys say.

ROUTINE_NOTES: dict[str, tuple[tuple[str, str, tuple[str, ...]], ...]] = {
    "en": (
        ("meeting", "Monthly status meeting with {who}: dashboard adoption is up; two sites still run the "
         "old gateway firmware.", ("status",)),
        ("meeting", "Energy dashboard workshop with {who} and the facilities team; agreed on five KPIs.",
         ("workshop",)),
        ("meeting", "Roadmap session: {who} asked for SSO and a Japanese UI for plant staff.", ("roadmap",)),
        ("meeting", "Walked {who} through the alert history of the last quarter; two thresholds to relax.",
         ("alerts",)),
        ("meeting", "Lunch with {who}. Budget planning for next year starts in January; we should be in "
         "the first draft.", ("budget",)),
        ("visit", "Site visit with {who}: walked the line with maintenance, three more machines worth "
         "monitoring.", ("site-visit",)),
        ("visit", "On-site training for the night shift supervisors, organised by {who}; many questions "
         "on alert thresholds.", ("training",)),
        ("visit", "Visited the new warehouse with {who}; coverage gaps in the loading bays.",
         ("site-visit",)),
        ("call", "Call with {who} about the retrofit quote; they prefer a phased rollout next quarter.",
         ("quote",)),
        ("call", "{who} asked for volume pricing for next fiscal year; checking with finance.", ("pricing",)),
        ("call", "Checked in with {who} after the firmware update; no issues reported.", ()),
        ("call", "{who} called about a sensor that went offline; replaced under warranty the same week.",
         ("support",)),
        ("email", "Sent {who} the monthly uptime report and the updated SLA draft.", ("report",)),
        ("email", "Shared a case study from a similar customer with {who}, as promised.", ("case-study",)),
        ("email", "Answered the security questionnaire from {who} (SOC 2 scope, data residency in Japan).",
         ("security",)),
        ("email", "{who} forwarded an RFI for next year's maintenance tender; deadline in three weeks.",
         ("tender",)),
        ("chat", "Quick chat with {who} on API rate limits for the MES integration; ticket opened.",
         ("support",)),
        ("chat", "{who}: one dashboard loads slowly; passed to support with screenshots.", ("support",)),
        ("event", "Met {who} at the Smart Factory Expo booth; liked the predictive maintenance demo.",
         ("expo",)),
        ("event", "{who} joined our customer webinar on energy monitoring and asked good questions.",
         ("webinar",)),
        ("social", "Congratulated {who} on LinkedIn on the new distribution center.", ()),
        ("other", "Sent {who} the season's greetings card and the new product brochure.", ()),
    ),
    "ja": (
        ("meeting", "{who}と定例会議。ダッシュボードの利用率が向上。旧ゲートウェイのファームウェア更新が"
         "2拠点で未実施。", ("定例",)),
        ("meeting", "{who}と省エネダッシュボードのワークショップ。追跡するKPIを5つに絞ることで合意。",
         ("workshop",)),
        ("meeting", "ロードマップ説明会。{who}からSSO対応と現場向け多言語UIの要望あり。", ("roadmap",)),
        ("meeting", "{who}と前四半期のアラート履歴を確認。閾値を2か所緩和する。", ("アラート",)),
        ("meeting", "{who}と会食。来年度の予算策定は1月開始、初稿に入れてもらう必要あり。", ("予算",)),
        ("visit", "工場訪問。{who}と保全チームでラインを確認し、監視対象の追加候補を3台特定。", ("訪問",)),
        ("visit", "{who}の手配で夜勤リーダー向け現地トレーニングを実施。アラート閾値の質問が多い。",
         ("training",)),
        ("visit", "{who}と新倉庫を見学。荷捌き場にセンサー未設置のエリアあり。", ("訪問",)),
        ("call", "{who}と改修見積りについて電話。来期から段階的に導入したいとのこと。", ("見積",)),
        ("call", "{who}より来年度のボリュームディスカウントの打診。社内で確認する。", ("価格",)),
        ("call", "ファームウェア更新後の状況を{who}に確認。問題なし。", ()),
        ("call", "{who}よりセンサー1台がオフラインとの連絡。保証交換で同週中に復旧。", ("support",)),
        ("email", "{who}へ月次稼働レポートとSLA改定案を送付。", ("report",)),
        ("email", "約束していた同業他社の導入事例を{who}に共有。", ("事例",)),
        ("email", "{who}からのセキュリティチェックシートに回答（データは国内リージョンに保管）。",
         ("security",)),
        ("email", "{who}より来年度保守の入札案内を受領。締切は3週間後。", ("入札",)),
        ("chat", "{who}からMES連携のAPI制限についてチャットで相談。サポートチケットを起票。", ("support",)),
        ("chat", "{who}：ダッシュボードの表示が遅いとの連絡。スクリーンショット付きでサポートへ連携。",
         ("support",)),
        ("event", "スマート工場EXPOのブースで{who}と面談。予知保全デモに高い関心。", ("展示会",)),
        ("event", "{who}が当社の省エネ監視ウェビナーに参加。質疑で具体的な導入相談あり。", ("ウェビナー",)),
        ("social", "新物流センター開設のニュースを受けて{who}にお祝いのメッセージを送付。", ()),
        ("other", "{who}へ年末のご挨拶と新製品カタログを送付。", ()),
    ),
}
"""Everyday notes the generator draws from: (channel, notes, tags); `{who}` is the first participant."""

SURVEY_NOTES: dict[str, dict[str, str]] = {
    "en": {
        "high": "Quarterly survey: very satisfied with uptime and the support team's response times.",
        "mid": "Quarterly survey: satisfied overall; wants faster turnaround on custom reports.",
        "low": "Quarterly survey: unhappy with ticket response times; mentioned looking at alternatives.",
    },
    "ja": {
        "high": "四半期アンケート：稼働率とサポート対応に高い評価。",
        "mid": "四半期アンケート：概ね満足。カスタムレポートの納期短縮を希望。",
        "low": "四半期アンケート：問い合わせ対応の遅さに不満。他社製品も検討しているとのこと。",
    },
}

CHANNEL_WEIGHT = {"meeting": 3, "visit": 2, "call": 3, "email": 3, "chat": 2, "event": 1, "social": 1,
                  "other": 1}


# ---------------------------------------------------------------------------------------------
# Account history beyond creation: who moved between tiers and statuses, and when.

CHANGES: tuple[Change, ...] = (
    Change(MINATO, 90, "status", "active", "at-risk", "sato"),
    Change(PACIFIC, 60, "status", "active", "at-risk", "sato"),
    Change(POLARIS, 240, "status", "active", "at-risk", "tanaka"),
    Change(POLARIS, 150, "status", "at-risk", "lost", "tanaka"),
    Change(KESTREL, 430, "status", "active", "lost", "sato"),
    Change(KESTREL, 400, "archived", "false", "true", "sato"),
    Change(TOYO, 600, "status", "active", "lost", "lee"),
    Change(TOYO, 560, "archived", "false", "true", "lee"),
    Change(LUMEN, 420, "status", "active", "at-risk", "lee"),
    Change(LUMEN, 200, "status", "at-risk", "active", "lee"),
    Change(ASTER, 420, "tier", "candidate", "key", "lee"),
    Change(TOHO, 200, "tier", "candidate", "key", "tanaka"),
    Change(MERIDIAN, 600, "tier", "standard", "candidate", "lee"),
    Change(MERIDIAN, 300, "tier", "candidate", "key", "lee"),
    Change(CHIYODA, 500, "status", "prospect", "active", "lee"),
    Change(CHIYODA, 100, "tier", "standard", "candidate", "lee"),
    Change(ORION, 420, "status", "prospect", "active", "lee"),
    Change(ORION, 180, "tier", "standard", "candidate", "lee"),
    Change(NORTHWIND, 500, "share_of_wallet", "70", "60", "sato"),
    Change(SAKURA, 250, "owner", "tanaka", "lee", "tanaka"),
    Change(MINATO, 88, "tags", "logistics, fleet", "logistics, fleet, at-risk", "sato"),
)
"""Accounts whose first status/tier differs from today's start with the `old` value of their first change."""


# ---------------------------------------------------------------------------------------------
# Opportunities, follow-ups, plans, reviews and teams.

OPPORTUNITIES: tuple[OpportunitySpec, ...] = (
    OpportunitySpec(HOKUTO, "千歳工場 追加センサー120点", "cross-sell", 18_500_000, "won", 160, -55,
                    closed=60),
    OpportunitySpec(HOKUTO, "予知保全モデル 全工場展開", "upsell", 24_000_000, "open", 30, 40),
    OpportunitySpec(HOKUTO, "保守契約更新 2027", "renewal", 12_000_000, "open", 50, 45),
    OpportunitySpec(KAPPA, "Line 3 vibration monitoring", "upsell", 26_000_000, "won", 210, -30, closed=30),
    OpportunitySpec(KAPPA, "2027 framework agreement", "renewal", 48_000_000, "open", 60, 80),
    OpportunitySpec(KAPPA, "Energy monitoring for the paint shop", "cross-sell", 9_500_000, "open", 20, 120),
    OpportunitySpec(MINATO, "契約更新（2026年度）", "renewal", 15_000_000, "open", 120, -5),
    OpportunitySpec(MINATO, "冷凍車 温度監視オプション", "cross-sell", 4_200_000, "lost", 200, -70, closed=62,
                    reason="価格：競合が約30%安い見積を提示"),
    OpportunitySpec(SAKURA, "HACCP記録の自動化", "cross-sell", 6_800_000, "won", 150, -40, closed=46),
    OpportunitySpec(SAKURA, "Export warehouse monitoring (Kobe)", "upsell", 8_000_000, "open", 40, 60),
    OpportunitySpec(MERIDIAN, "New wing device monitoring", "upsell", 21_000_000, "open", 14, 100),
    OpportunitySpec(MERIDIAN, "Compliance reporting module", "cross-sell", 4_500_000, "won", 260, -170,
                    closed=180),
    OpportunitySpec(TOHO, "変電所 異常検知PoC 5拠点拡大", "upsell", 30_000_000, "open", 17, 150),
    OpportunitySpec(TOHO, "スマートメーター分析", "cross-sell", 11_000_000, "lost", 330, -230, closed=240,
                    reason="競争入札で失注（価格差）"),
    OpportunitySpec(NORTHWIND, "Analytics add-on", "upsell", 5_500_000, "lost", 150, -30, closed=40,
                    reason="No budget this fiscal year"),
    OpportunitySpec(NORTHWIND, "POS monitoring renewal", "renewal", 11_000_000, "open", 45, 30),
    OpportunitySpec(ASTER, "3-year facilities monitoring expansion", "upsell", 29_000_000, "won", 320, -200,
                    closed=200),
    OpportunitySpec(ASTER, "DC energy program, phase 1", "upsell", 28_000_000, "open", 9, 35),
    OpportunitySpec(YAMATO, "パイロットライン監視", "new", 7_500_000, "open", 40, 25),
    OpportunitySpec(ORION, "Yield analytics rollout", "upsell", 16_000_000, "open", 15, 90),
    OpportunitySpec(BLUE_HARBOR, "Fleet telematics", "cross-sell", 5_200_000, "open", 60, 45),
    OpportunitySpec(NEXT, "第２工場 IoT基盤", "new", 22_000_000, "open", 8, 180),
    OpportunitySpec(KANSAI, "ガス導管 遠隔監視", "cross-sell", 9_800_000, "won", 220, -125, closed=130),
    OpportunitySpec(SUMMIT, "Branch HVAC monitoring pilot", "new", 2_400_000, "open", 9, 60),
    OpportunitySpec(PACIFIC, "Analytics tier renewal", "renewal", 1_800_000, "open", 50, 20),
    OpportunitySpec(POLARIS, "Contract renewal 2026", "renewal", 3_600_000, "lost", 300, -150, closed=150,
                    reason="Moved to the parent company's in-house platform"),
    OpportunitySpec(REDLINE, "Warehouse sensor kit", "cross-sell", 1_200_000, "lost", 160, -95, closed=100,
                    reason="Chose a cheaper off-the-shelf kit"),
    OpportunitySpec(HIKARI, "冷蔵ケース温度監視 追加12店舗", "upsell", 3_200_000, "won", 150, -85, closed=90),
)

REMINDERS: tuple[ReminderSpec, ...] = (
    ReminderSpec(SAKURA, "Check the Kobe false-alarm rate after threshold tuning", -6, 60, contact=4),
    ReminderSpec(TOHO, "変電所PoC拡大の提案書ドラフト", 6, 17, contact=2),
    ReminderSpec(BLUE_HARBOR, "Chase the CFO demo date with Hannah", 0, 30, contact=0),
    ReminderSpec(ORION, "Find Orion's budget owner (ask Ethan who signs)", 12, 15, contact=0),
    ReminderSpec(GREENFIELD, "Send the greenhouse case study", -10, 25, contact=1),
    ReminderSpec(NORTHWIND, "Prepare renewal quote with a flat-price option", 8, 39),
    ReminderSpec(PACIFIC, "Call Ryan about the analytics tier decision", 1, 24, contact=0),
    ReminderSpec(HINODE, "代理店経由で来期の数量見込みを確認", 14, 27),
    ReminderSpec(HOKUTO, "週次 稼働レポート送付", 3, 300, rule="weekly"),
    ReminderSpec(ASTER, "Monthly service review call", 12, 400, contact=2, rule="monthly"),
    ReminderSpec(KAPPA, "Plant KPI pack to Daniel", 0, 250, contact=2, rule="RRULE:FREQ=WEEKLY;BYDAY=MO"),
    ReminderSpec(SAKURA, "Monthly cold-chain report", 0, 500, rule="first monday of month"),
    ReminderSpec(MINATO, "エスカレーション定例（岡田センター長）", -2, 85, contact=3, rule="every 2 weeks"),
)
"""Stand-alone reminders; follow-ups created by a log entry live in MOMENTS. A recurring reminder's
due is its pending occurrence; `weekly on Monday` and `first monday of month` are aligned below."""

PLANS: tuple[Plan, ...] = (
    Plan(
        HOKUTO,
        goals=("計画外停止を2027年度までに50%削減", "3工場の設備データを一元管理し、経営会議で活用"),
        objectives=(
            ("千歳工場 追加センサーの受注", -60, 62),
            ("予知保全モデルを苫小牧工場に展開", 40, None),
            ("経営層向け年次レビューの実施", 5, None),
        ),
        master_plan="""\
# 北斗精機 アカウントプラン

## 価値創造
- 計画外停止の削減（目標 -50%）を共同KPIとし、四半期ごとに実績を報告する。
- 予知保全モデルを千歳 → 苫小牧 → 札幌の順に展開。

## 信頼構築
- 山本本部長（チャンピオン）と月次1on1。村田部長の退職後、高橋係長を次の推進者として育成。
- 北村社長とは鈴木（当社役員）が半期ごとに面談。

## コミュニケーション計画
| 相手 | 頻度 | チャネル |
|---|---|---|
| 山本本部長 | 月1回 | 訪問 |
| 高橋係長・井上主任 | 週1回 | チャット |
| 北村社長 | 半期 | 役員面談 |
""",
    ),
    Plan(
        KAPPA,
        goals=(
            "Cut unplanned downtime on EV lines by 30%",
            "Standardise plant monitoring across Japan and Thailand",
        ),
        objectives=(
            ("Sign the 2027 framework agreement", 80, None),
            ("Pilot energy monitoring in the paint shop", 120, None),
            ("Meet the new Chonburi plant manager", -10, None),
        ),
        master_plan="""\
# Kappa Motors — account plan

## Value creation
- Vibration monitoring on every EV line (Line 3 live; Lines 4–5 next).
- Energy monitoring in the paint shop: the biggest energy user, no visibility today.

## Trust
- Daniel is our champion; keep him visible with Kenji (monthly results pack).
- Win over Priya (IT security): OT network review before every rollout, no surprises.

## Communication plan
- Daniel: weekly KPI pack (email), monthly meeting.
- Laura: quarterly commercial review.
- Kenji: half-yearly executive meeting with our sponsor (suzuki).
""",
    ),
    Plan(
        MINATO,
        goals=("配送コストを前年比8%削減", "ドライバー労働時間の可視化（2024年問題への対応）"),
        objectives=(
            ("障害の再発防止策を報告", -40, 42),
            ("小林CFOとのROIレビュー実施", -5, None),
            ("新しいDX推進室長との関係構築", 14, None),
        ),
        master_plan="""\
# みなと物流 リカバリープラン

**状況**: チャンピオン（藤田室長）の退職、2日間の障害、新任CFOの値下げ要求。契約更新が期限切れ。

1. 障害の再発防止策を完了し、岡田センター長に直接報告する。
2. 小林CFOには価格ではなくROI（配送コスト -8%）で議論する。鈴木役員が同席。
3. 後任のDX推進室長が決まり次第、初回面談を設定する。
""",
    ),
    Plan(
        SAKURA,
        goals=("Zero cold-chain incidents in export shipments", "HACCP records fully digital by 2027"),
        objectives=(
            ("HACCP automation go-live", -30, 28),
            ("False alarms below 2 per week in Kobe", 20, None),
        ),
    ),
    Plan(
        MERIDIAN,
        goals=("Joint Commission audit with zero device findings", "Open the new wing on schedule"),
        objectives=(
            ("Proposal for new wing monitoring", 6, None),
            ("Quarterly uptime report to the COO", -3, None),
        ),
    ),
    Plan(TOHO, goals=("変電設備の保守コスト15%削減", "再エネ接続の増加に伴う系統監視の強化"),
         objectives=(("PoC 5拠点拡大の稟議支援", 30, None),)),
    Plan(NORTHWIND, goals=("Reduce food waste in fresh categories by 20%",),
         objectives=(("Renewal signed at a flat price", 30, None),)),
    Plan(ASTER, goals=("PUE below 1.4 in both data centers by 2028",),
         objectives=(("Phased plan for the DC energy program", 7, None), ("Phase 1 kickoff", 60, None))),
)

REVIEWS: tuple[tuple[str, int, str, str | None], ...] = (
    (HOKUTO, 215, "sato", "順調。村田部長の後任育成が課題。"),
    (HOKUTO, 125, "sato", None),
    (HOKUTO, 35, "sato", "QBR実施。予知保全の拡大提案へ。"),
    (KAPPA, 140, "tanaka", "Firmware incident handled well; trust intact."),
    (KAPPA, 50, "tanaka", "Renewal prep: pricing pressure expected from Laura."),
    (MINATO, 88, "sato", "at-riskに変更。リカバリープラン作成。"),
    (SAKURA, 60, "lee", "HACCP upsell closing; false alarms to fix."),
    (MERIDIAN, 80, "lee", None),
    (TOHO, 150, "tanaka", "PoC進捗確認。調達方針の変更に注意。"),
    (NORTHWIND, 40, "sato", "Spend shrinking; maintain, don't invest."),
    (ASTER, 110, "lee", None),
    (ASTER, 20, "lee", "Energy program approved by the board."),
)
"""Toho's last review is 150 days old: overdue for the quarterly review."""

TEAMS: dict[str, tuple[tuple[str, str], ...]] = {
    HOKUTO: (("sato", "owner"), ("mori", "sales"), ("yamada", "support"), ("ito", "marketing"),
             ("suzuki", "executive-sponsor")),
    KAPPA: (("tanaka", "owner"), ("mori", "sales"), ("yamada", "support"), ("suzuki", "executive-sponsor")),
    MINATO: (("sato", "owner"), ("yamada", "support"), ("suzuki", "executive-sponsor")),
    SAKURA: (("lee", "owner"), ("tanaka", "other"), ("yamada", "support"), ("ito", "marketing"),
             ("suzuki", "executive-sponsor")),
    MERIDIAN: (("lee", "owner"), ("mori", "sales"), ("yamada", "support"), ("suzuki", "executive-sponsor")),
    TOHO: (("tanaka", "owner"), ("mori", "sales"), ("yamada", "support"), ("suzuki", "executive-sponsor")),
    NORTHWIND: (("sato", "owner"), ("yamada", "support")),
    ASTER: (("lee", "owner"), ("mori", "sales"), ("yamada", "support"), ("ito", "marketing"),
            ("suzuki", "executive-sponsor")),
    YAMATO: (("tanaka", "owner"),),
    ORION: (("lee", "owner"), ("mori", "sales")),
    BLUE_HARBOR: (("sato", "owner"), ("yamada", "support")),
    NEXT: (("tanaka", "owner"), ("mori", "sales"), ("yamada", "support")),
    KANSAI: (("tanaka", "owner"), ("mori", "sales")),
    GREENFIELD: (("sato", "owner"),),
    CHIYODA: (("lee", "owner"),),
    SUMMIT: (("lee", "owner"), ("ito", "marketing")),
}


# ---------------------------------------------------------------------------------------------
# Loading.


@dataclass(frozen=True)
class _Timeline:
    """Turns "N days ago at 10:00" into stored values, in the timezone of the `now` given."""

    now: datetime

    @property
    def today(self) -> date:
        return self.now.date()

    def day(self, offset: int) -> date:
        return self.today + timedelta(days=offset)

    def at(self, days_ago: int, hour: int = 10, minute: int = 0) -> datetime:
        # Everything generated happens on an earlier day than today, so it is always in the past.
        if days_ago < 1:
            raise ValueError(f"demo moments lie before today, not {days_ago} days ago")
        local = datetime.combine(self.today - timedelta(days=days_ago), time(hour, minute), self.now.tzinfo)
        return local.astimezone(UTC)

    def working_day(self, days_ago: int) -> int:
        """`days_ago`, moved back to the Friday before when it falls on a weekend (people work weekdays)."""
        weekday = (self.today - timedelta(days=days_ago)).weekday()
        return days_ago + max(0, weekday - 4)


def load_sample_portfolio(session: Session, *, now: datetime) -> None:
    """Add the whole sample portfolio to `session`, dated relative to `now` (aware); never commits."""
    from sqlalchemy import insert

    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("load_sample_portfolio needs a timezone-aware now")
    timeline = _Timeline(now)
    specs = {spec.name: spec for spec in ACCOUNTS}

    accounts = {spec.name: _account(spec, timeline) for spec in ACCOUNTS}
    session.add_all(accounts.values())
    session.flush()
    account_id = {name: account.id for name, account in accounts.items()}

    session.add_all(_history(account_id, timeline))
    contacts = {
        name: [_contact(account_id[name], specs[name], position, person, timeline)
               for position, person in enumerate(people)]
        for name, people in CONTACTS.items()
    }
    session.add_all(contact for people in contacts.values() for contact in people)
    session.flush()
    for name, people in CONTACTS.items():
        for person, contact in zip(people, contacts[name], strict=True):
            if person.reports_to is not None:
                contact.reports_to_id = contacts[name][person.reports_to].id
    contact_id = {name: [contact.id for contact in people] for name, people in contacts.items()}

    # The bulk (orders, log entries and their contacts) goes in as executemany INSERTs of plain
    # rows: building a thousand ORM objects would cost more than the whole rest of the load.
    orders = [order for spec in ACCOUNTS for order in _orders(spec, account_id[spec.name], timeline)]
    orders.sort(key=lambda order: (order["ordered_on"], order["account_id"]))
    session.execute(insert(Order), orders)

    drafts = [draft for spec in ACCOUNTS for draft in _routine_entries(spec, timeline)]
    drafts += [_moment_entry(moment, specs[moment.account], timeline) for moment in MOMENTS]
    drafts.sort(key=lambda draft: (draft.entry["occurred_at"], draft.account))
    for draft in drafts:
        draft.entry["account_id"] = account_id[draft.account]
    entry_ids = session.scalars(
        insert(LogEntry).returning(LogEntry.id, sort_by_parameter_order=True), [d.entry for d in drafts]
    ).all()
    for draft, entry_id in zip(drafts, entry_ids, strict=True):
        draft.id = entry_id
    session.execute(
        insert(LogContact),
        [
            {"log_entry_id": draft.id, "contact_id": contact_id[draft.account][position]}
            for draft in drafts
            for position in draft.contacts
        ],
    )
    session.add_all(_follow_ups(drafts, account_id, contact_id, timeline))
    session.add_all(_reminders(account_id, contact_id, timeline))
    session.add_all(_opportunities(account_id, timeline))
    session.add_all(_plans(account_id, specs, timeline))
    session.add_all(
        Review(account_id=account_id[name], reviewed_at=timeline.at(days, 17), who=who, note=note)
        for name, days, who, note in REVIEWS
    )
    session.add_all(
        TeamMember(account_id=account_id[name], person=person, role=role)
        for name, members in TEAMS.items()
        for person, role in members
    )
    session.flush()


def _account(spec: AccountSpec, timeline: _Timeline) -> Account:
    changes = [change.days_ago for change in CHANGES if change.account == spec.name]
    growth, strategic_fit, influence = spec.ratings or (None, None, None)
    return Account(
        name=spec.name,
        name_key=spec.name.casefold(),
        industry=spec.industry,
        owner=spec.owner,
        tier=spec.tier,
        status=spec.status,
        stage=spec.stage,
        share_of_wallet=spec.share_of_wallet,
        revenue=spec.revenue,
        profit=spec.profit,
        growth=growth,
        strategic_fit=strategic_fit,
        influence=influence,
        cadence_days=spec.cadence_days,
        preferred_channel=spec.preferred_channel,
        renewal_date=None if spec.renewal is None else timeline.day(spec.renewal),
        tags=list(spec.tags),
        notes=spec.notes,
        archived=spec.archived,
        master_plan=next((plan.master_plan for plan in PLANS if plan.account == spec.name), None),
        created_at=timeline.at(spec.created, 9),
        updated_at=timeline.at(min([spec.created, *changes]), 9, 30),
    )


def _history(account_id: dict[str, int], timeline: _Timeline) -> Iterator[AccountHistory]:
    for spec in ACCOUNTS:
        yield AccountHistory(account_id=account_id[spec.name], changed_at=timeline.at(spec.created, 9),
                             who=spec.owner, field="created", new=spec.name)
    for change in sorted(CHANGES, key=lambda change: -change.days_ago):
        yield AccountHistory(
            account_id=account_id[change.account], changed_at=timeline.at(change.days_ago, 9, 30),
            who=change.who, field=change.field, old=change.old, new=change.new,
        )


def _contact(
    account_id: int, account: AccountSpec, position: int, person: ContactSpec, timeline: _Timeline
) -> Contact:
    created = timeline.at(person.added or account.created, 11, position)
    rng = random.Random(f"{SEED}/{account.name}/phone/{position}")
    if account.domain.endswith(".jp"):
        area = rng.choice(("3", "6", "11", "52"))
        phone = f"+81 {area}-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"
    else:
        phone = f"+1 {rng.choice(['212', '415', '617', '312'])}-555-{rng.randint(100, 199):04d}"
    return Contact(
        account_id=account_id,
        name=person.name,
        name_key=person.name.casefold(),
        title=person.title,
        role=person.role,
        influence=person.influence,
        stance=person.stance,
        our_contact=person.our_contact,
        email=None if person.email is None else f"{person.email}@{account.domain}",
        phone=phone if rng.random() < 0.8 else None,
        cadence_days=person.cadence_days,
        notes=person.notes,
        left=person.left is not None,
        created_at=created,
        updated_at=created if person.left is None else timeline.at(person.left, 18),
    )


def _orders(spec: AccountSpec, account_id: int, timeline: _Timeline) -> Iterator[dict[str, Any]]:
    profile = spec.orders
    if profile is None:
        return
    rng = random.Random(f"{SEED}/{spec.name}/orders")
    # The two windows stay clear of day 365, so "orders in the last 365 days" never hinges on
    # where exactly that boundary is drawn.
    windows = (
        (profile.recent, max(profile.until, 1), 360),
        (profile.older, max(profile.until, 370), min(730, spec.created - 1)),
    )
    for count, nearest, furthest in windows:
        if count == 0 or nearest > furthest:
            continue
        for _ in range(count):
            amount = min(max(round(profile.size * rng.lognormvariate(0, 0.3), -3), 200_000), 30_000_000)
            profit = None
            if profile.margin is not None:
                profit = round(amount * rng.uniform(profile.margin - 0.05, profile.margin + 0.05), -3)
            yield {"account_id": account_id, "ordered_on": timeline.day(-rng.randint(nearest, furthest)),
                   "amount": amount, "profit": profit}


@dataclass
class _Draft:
    """A log entry row before the database gives it an id, with the contacts (by position) who took part."""

    account: str
    entry: dict[str, Any]
    contacts: tuple[int, ...]
    follow_up: FollowUp | None = None
    id: int | None = None


def _entry(
    occurred_at: datetime, created_at: datetime, notes: str, author: str, *, channel: str,
    kind: str, sentiment: str | None, tags: tuple[str, ...] | list[str], csat: int | None = None,
    nps: int | None = None,
) -> dict[str, Any]:
    """A log_entry row; every row has the same keys, so all of them go in as one executemany."""
    return {"account_id": None, "occurred_at": occurred_at, "channel": channel, "kind": kind,
            "sentiment": sentiment, "csat": csat, "nps": nps, "notes": notes, "tags": list(tags),
            "author": author, "created_at": created_at}


def _routine_entries(spec: AccountSpec, timeline: _Timeline) -> Iterator[_Draft]:
    """A year of everyday interactions and quarterly surveys, at the account's own rhythm."""
    if spec.log_every is None:
        return
    rng = random.Random(f"{SEED}/{spec.name}/log")
    people = CONTACTS[spec.name]
    furthest = min(360, spec.created - 2)
    days_ago = timeline.working_day(spec.last_contact)
    latest = True
    while days_ago <= furthest:
        present = _present(rng, spec, people, days_ago)
        who = people[present[0]].name if present else None
        note_lang = _language(spec, who)
        channel, notes, tags = _pick_note(rng, ROUTINE_NOTES[note_lang], spec.preferred_channel)
        sentiment = _pick_sentiment(rng, spec.csat, allow_negative=not latest)
        author = spec.owner
        if present and rng.random() < 0.3 and people[present[0]].our_contact in {"mori", "yamada"}:
            author = people[present[0]].our_contact
        hour, minute = rng.choice((9, 10, 11, 13, 14, 15, 16, 17)), rng.choice((0, 15, 30, 45))
        occurred = timeline.at(days_ago, hour, minute)
        entry = _entry(
            occurred, occurred + timedelta(minutes=rng.randint(5, 90)),
            notes.format(who=_address(who, note_lang)), author,
            channel=channel, kind="interaction", sentiment=sentiment, tags=tags,
        )
        yield _Draft(spec.name, entry, present)
        latest = False
        gap = max(2, round(rng.gauss(spec.log_every, spec.log_every * 0.3)))
        days_ago = timeline.working_day(days_ago + gap)

    if spec.csat is None:
        return
    days_ago = timeline.working_day(max(spec.last_contact, rng.randint(15, 60)))
    while days_ago <= furthest:
        csat = min(5, max(1, round(rng.gauss(spec.csat, 0.6))))
        nps = {5: rng.randint(9, 10), 4: rng.randint(7, 9), 3: rng.randint(5, 7)}.get(csat, rng.randint(0, 5))
        level = "high" if csat >= 4 else "mid" if csat == 3 else "low"
        respondent = _present(rng, spec, people, days_ago)[:1]
        note_lang = _language(spec, people[respondent[0]].name if respondent else None)
        occurred = timeline.at(days_ago, 12)
        entry = _entry(
            occurred, occurred + timedelta(hours=1), SURVEY_NOTES[note_lang][level], spec.owner,
            channel="email", kind="feedback", tags=("survey",), csat=csat, nps=nps,
            sentiment={"high": "positive", "mid": "neutral", "low": "negative"}[level],
        )
        yield _Draft(spec.name, entry, respondent)
        days_ago = timeline.working_day(days_ago + rng.randint(85, 95))


def _language(spec: AccountSpec, who: str | None) -> str:
    """The language of a routine note: the account's, or in a mixed account the participant's."""
    if spec.lang != "mixed":
        return spec.lang
    return "en" if who is not None and who.isascii() else "ja"


def _address(name: str | None, lang: str) -> str:
    """How a note refers to a person: 山本さん, Laura, Dr. Collins."""
    if name is None:
        return "先方" if lang == "ja" else "the team"
    parts = name.split()
    if not name.isascii():
        return f"{parts[0]}さん"
    if parts[0] == "Dr.":
        return f"Dr. {parts[-1]}"
    return parts[0] if lang == "en" else f"{parts[0]}さん"


def _pick_note(
    rng: random.Random, notes: tuple[tuple[str, str, tuple[str, ...]], ...], preferred: str | None
) -> tuple[str, str, tuple[str, ...]]:
    weights = [CHANNEL_WEIGHT[channel] * (3 if channel == preferred else 1) for channel, _, _ in notes]
    return rng.choices(notes, weights)[0]


def _pick_sentiment(rng: random.Random, csat: float | None, *, allow_negative: bool) -> str:
    # The newest routine entry is never negative, so "negative in the last two entries" (SPEC §8
    # at-risk) is a story told on purpose (MOMENTS), not an accident of the generator.
    unhappy = csat is not None and csat < 3
    weights = (20, 50, 30) if unhappy else (45, 47, 8)
    sentiment = rng.choices(("positive", "neutral", "negative"), weights)[0]
    return "neutral" if sentiment == "negative" and not allow_negative else sentiment


def _present(
    rng: random.Random, spec: AccountSpec, people: tuple[ContactSpec, ...], days_ago: int
) -> tuple[int, ...]:
    """Who from the customer took part: people on the map at that time, from the account's usual threads."""
    threads = spec.threads if spec.threads is not None else range(len(people))
    available = [
        position for position in threads
        if (people[position].added or spec.created) > days_ago
        and (people[position].left is None or people[position].left < days_ago)
    ]
    if not available:
        return ()
    count = min(len(available), rng.choices((1, 2, 3), (6, 3, 1))[0])
    return tuple(rng.sample(available, count))


def _moment_entry(moment: Moment, spec: AccountSpec, timeline: _Timeline) -> _Draft:
    occurred = timeline.at(timeline.working_day(moment.days_ago), moment.hour)
    entry = _entry(
        occurred, occurred + timedelta(minutes=40), moment.notes, moment.author or spec.owner,
        channel=moment.channel, kind=moment.kind, sentiment=moment.sentiment, tags=moment.tags,
        csat=moment.csat, nps=moment.nps,
    )
    return _Draft(moment.account, entry, moment.with_, moment.follow_up)


def _follow_ups(
    drafts: list[_Draft], account_id: dict[str, int], contact_id: dict[str, list[int]], timeline: _Timeline
) -> Iterator[Reminder]:
    """The reminders that `log --next` would have created with the story entries."""
    for draft in drafts:
        follow_up = draft.follow_up
        if follow_up is None:
            continue
        yield Reminder(
            account_id=account_id[draft.account],
            contact_id=contact_id[draft.account][draft.contacts[0]] if draft.contacts else None,
            log_entry_id=draft.id,
            title=follow_up.title,
            due=timeline.day(follow_up.due),
            created_at=draft.entry["created_at"],
            done_at=None if follow_up.done is None else timeline.at(follow_up.done, 17),
        )


def _reminders(
    account_id: dict[str, int], contact_id: dict[str, list[int]], timeline: _Timeline
) -> Iterator[Reminder]:
    today = timeline.today
    for spec in REMINDERS:
        due = timeline.day(spec.due)
        if spec.rule == "RRULE:FREQ=WEEKLY;BYDAY=MO":
            due = today + timedelta(days=-today.weekday() % 7)
        elif spec.rule == "first monday of month":
            due = _first_monday(today.year, today.month)
            if due < today:
                due = _first_monday(today.year + today.month // 12, today.month % 12 + 1)
        yield Reminder(
            account_id=account_id[spec.account],
            contact_id=None if spec.contact is None else contact_id[spec.account][spec.contact],
            title=spec.title,
            due=due,
            rule=spec.rule,
            created_at=timeline.at(spec.created, 8, 45),
            done_at=None if spec.done is None else timeline.at(spec.done, 17),
        )


def _first_monday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=-first.weekday() % 7)


def _opportunities(account_id: dict[str, int], timeline: _Timeline) -> Iterator[Opportunity]:
    for spec in OPPORTUNITIES:
        yield Opportunity(
            account_id=account_id[spec.account],
            title=spec.title,
            type=spec.type,
            value=spec.value,
            status=spec.status,
            expected_close=None if spec.close is None else timeline.day(spec.close),
            reason=spec.reason,
            created_at=timeline.at(spec.created, 10, 30),
            closed_at=None if spec.closed is None else timeline.at(spec.closed, 16),
        )


def _plans(
    account_id: dict[str, int], specs: dict[str, AccountSpec], timeline: _Timeline
) -> Iterator[Goal | Objective]:
    for plan in PLANS:
        # Plans were written at the last planning round, 200 days ago (or when the account began).
        written = min(200, specs[plan.account].created - 1)
        for goal in plan.goals:
            yield Goal(account_id=account_id[plan.account], text=goal, created_at=timeline.at(written, 15))
        for text, due, done in plan.objectives:
            yield Objective(
                account_id=account_id[plan.account],
                text=text,
                due=timeline.day(due),
                created_at=timeline.at(written, 15, 30),
                done_at=None if done is None else timeline.at(done, 17),
            )
