"""The sample portfolio: a vendor of industrial IoT software and its customers, placed relative to now.

Everything is written down as a portfolio would be described by the people who run it: the
accounts, who is who inside each customer, the stories of two years (wins, incidents, a key
account sliding away), plans with targets and customer-side owners, opportunities by product,
renewals (one recorded, one lapsed), risks, targets and follow-ups, some given to colleagues.
Only the routine bulk — orders and everyday interactions — comes from a generator, seeded per
account, so the data is identical for a given `now` and looks alive whenever it is loaded.

Numbers are chosen so that `kamctl score` spreads the accounts over all four quadrants of
SPEC §4 (plus a few `unrated` prospects), `kamctl contacts map` shows every coverage finding of
SPEC §5 somewhere, `kamctl remind` has something overdue, due today and upcoming, the report's
previous period holds a year of data to compare with, and the whitespace map of the key
accounts has owned, open, lost and empty cells.
"""

from __future__ import annotations

import json
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
    Renewal,
    Review,
    Risk,
    Setting,
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
    csat_before: float | None = None
    """The typical answer in the year before the last one; None = the same as `csat`."""
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
    products: tuple[str, ...] = ()
    """What the orders are for, the main product first; each is in a recent order (whitespace `owned`)."""


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
    assignee: str | None = None
    """None = the account's owner (SPEC §3 work that belongs to someone)."""


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
    assignee: str | None = None


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
    product: str | None = None
    probability: int | None = None
    """None = the default of its type (SPEC §3)."""


@dataclass(frozen=True)
class ObjectiveSpec:
    """One of our objectives in a plan; with a target and a customer-side owner it is part of the
    mutual success plan that a QBR walks through with the customer."""

    text: str
    due: int
    done: int | None = None
    target: str | None = None
    customer_owner: int | None = None
    """Position of the contact in the account's list."""
    assignee: str | None = None


@dataclass(frozen=True)
class Plan:
    account: str
    goals: tuple[str, ...]
    objectives: tuple[ObjectiveSpec, ...]
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


@dataclass(frozen=True)
class RiskSpec:
    """A risk on the account's risk list (SPEC §3 risks); `owner` is who mitigates it (its assignee)."""

    account: str
    text: str
    severity: str
    owner: str
    created: int
    due: int | None = None
    mitigation: str | None = None
    closed: int | None = None
    close_note: str | None = None


@dataclass(frozen=True)
class RenewalSpec:
    """A recorded contract renewal (`accounts renew`): the renewal date moved from `previous` to `until`,
    both in days from today, `days_ago` when it was recorded."""

    account: str
    days_ago: int
    who: str
    previous: int
    until: int
    value: float | None = None


# ---------------------------------------------------------------------------------------------
# The products we sell: every order and most opportunities name one (the whitespace map).

MONITORING = "Machine Monitoring"
PREDICTIVE = "Predictive Maintenance"
ENERGY = "Energy Monitoring"
COLD_CHAIN = "Cold-Chain Monitoring"
TELEMATICS = "Fleet Telematics"
ANALYTICS = "Analytics Suite"


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
        products=(MONITORING, ANALYTICS),
    ),
    AccountSpec(
        KAPPA, "automotive", "tanaka", "key", "active", created=2000, domain="kappa-motors.com",
        lang="en", stage=4, share_of_wallet=45, ratings=(5, 5, 5), orders=Orders(18, 14, 4_200_000, 0.27),
        csat=4.2, log_every=10, last_contact=2, cadence_days=14, preferred_channel="meeting",
        renewal=80, tags=("automotive", "ev", "iot"),
        notes="EV lines in Hamamatsu and Chonburi (Thailand). Framework agreement renews next quarter.",
        products=(MONITORING, PREDICTIVE),
    ),
    AccountSpec(
        MINATO, "logistics", "sato", "key", "at-risk", created=1800, domain="minato-logi.co.jp",
        stage=3, share_of_wallet=35, ratings=(3, 4, 4), orders=Orders(12, 20, 1_900_000, 0.24),
        csat=2.6, log_every=12, last_contact=45, threads=(2, 3, 4), cadence_days=14,
        preferred_channel="visit", renewal=-12, tags=("logistics", "fleet", "at-risk"),
        notes="車両テレマティクス。DX推進室長の退職後、新任CFOが価格を理由に他社切替を検討中。",
        products=(TELEMATICS, ANALYTICS), csat_before=3.9,
    ),
    AccountSpec(
        SAKURA, "food", "lee", "key", "active", created=2200, domain="sakura-foods.co.jp",
        lang="mixed", stage=4, share_of_wallet=55, ratings=(3, 4, 4), orders=Orders(30, 26, 850_000, 0.34),
        csat=4.3, log_every=11, last_contact=5, preferred_channel="meeting", renewal=150,
        tags=("food", "cold-chain", "haccp"),
        notes="Cold-chain monitoring for four plants and the Kobe export warehouse.",
        products=(COLD_CHAIN, ANALYTICS),
    ),
    AccountSpec(
        MERIDIAN, "healthcare", "lee", "key", "active", created=900, domain="meridian-health.com",
        lang="en", stage=4, share_of_wallet=50, ratings=(5, 4, 3), orders=Orders(10, 6, 3_600_000, 0.38),
        csat=4.0, log_every=13, last_contact=8, preferred_channel="call", renewal=62,
        tags=("healthcare", "compliance"),
        notes="Medical device monitoring across two hospitals; new wing opens in spring.",
        products=(MONITORING, ANALYTICS),
    ),
    AccountSpec(
        TOHO, "energy", "tanaka", "key", "active", created=1500, domain="toho-denryoku.co.jp",
        stage=4, share_of_wallet=40, ratings=(4, 5, 5), orders=Orders(8, 6, 5_500_000, 0.30),
        csat=3.8, log_every=14, last_contact=30, cadence_days=14, preferred_channel="visit",
        renewal=200, tags=("energy", "grid"),
        notes="変電所の異常検知PoCを実施中。調達は競争入札が原則。",
        products=(MONITORING,),
    ),
    AccountSpec(
        NORTHWIND, "retail", "sato", "key", "active", created=2600, domain="northwind-retail.com",
        lang="en", stage=4, share_of_wallet=60, ratings=(2, 2, 2), orders=Orders(16, 28, 380_000, 0.16),
        csat=4.0, log_every=12, last_contact=6, cadence_days=21, preferred_channel="email",
        renewal=30, tags=("retail", "pos"),
        notes="Long-standing POS and refrigeration monitoring; spend shrinking as stores close.",
        products=(COLD_CHAIN, MONITORING),
    ),
    AccountSpec(
        ASTER, "finance", "lee", "key", "active", created=1200, domain="asterfg.com",
        lang="en", stage=5, share_of_wallet=70, ratings=(3, 4, 5), orders=Orders(6, 4, 6_800_000, 0.42),
        csat=4.6, log_every=12, last_contact=4, preferred_channel="meeting", renewal=347,
        tags=("finance", "data-center", "security"),
        notes="Data-center facilities monitoring; strict security reviews before every change.",
        products=(MONITORING, ANALYTICS),
    ),
    # --- candidates ---------------------------------------------------------------------------
    AccountSpec(
        YAMATO, "manufacturing", "tanaka", "candidate", "active", created=1000, domain="yamato-chem.co.jp",
        stage=2, share_of_wallet=15, ratings=(5, 4, 4), orders=Orders(12, 8, 2_600_000, 0.29),
        csat=3.2, log_every=25, last_contact=20, preferred_channel="visit",
        tags=("chemicals", "expansion"),
        notes="購買部長は既存ベンダー寄り。製造本部は前向き。",
        products=(MONITORING,),
    ),
    AccountSpec(
        ORION, "manufacturing", "lee", "candidate", "active", created=520, domain="orion-semi.com",
        lang="en", stage=2, share_of_wallet=20, ratings=(5, 5, 4), orders=Orders(8, 3, 4_800_000, 0.33),
        csat=3.4, log_every=28, last_contact=25, preferred_channel="call",
        tags=("semiconductor", "yield"),
        products=(ANALYTICS,),
    ),
    AccountSpec(
        BLUE_HARBOR, "logistics", "sato", "candidate", "active", created=800, domain="blueharbor.co",
        lang="en", stage=2, share_of_wallet=10, ratings=(4, 3, 3), orders=Orders(14, 10, 1_300_000, 0.22),
        csat=3.0, log_every=30, last_contact=50, threads=(0,), preferred_channel="call",
        tags=("logistics", "telematics"),
        products=(MONITORING,),
    ),
    AccountSpec(
        CHIYODA, "healthcare", "lee", "candidate", "active", created=700, domain="chiyoda-med.co.jp",
        stage=1, share_of_wallet=8, ratings=(4, 4, 3), orders=Orders(6, 2, 2_400_000, 0.36),
        log_every=30, last_contact=40, preferred_channel="meeting", tags=("healthcare",),
        products=(MONITORING,),
    ),
    AccountSpec(
        NEXT, "manufacturing", "tanaka", "candidate", "active", created=600, domain="next-factory.jp",
        stage=3, share_of_wallet=25, ratings=(4, 3, 3), orders=Orders(16, 6, 1_100_000, 0.27),
        csat=3.5, log_every=24, last_contact=15, preferred_channel="chat",
        tags=("startup", "greenfield-plant"),
        notes="第２工場の新設に合わせてIoT基盤の一括導入を検討中。",
        products=(MONITORING,),
    ),
    AccountSpec(
        GREENFIELD, "food", "sato", "candidate", "active", created=650, domain="greenfield-agri.com",
        lang="en", stage=2, share_of_wallet=20, orders=Orders(10, 7, 1_000_000, 0.25),
        csat=3.6, log_every=30, last_contact=22, preferred_channel="email", tags=("agritech",),
        notes="Ratings not assessed yet: waiting for their 2027 expansion plan.",
        products=(MONITORING, ENERGY),
    ),
    AccountSpec(
        KANSAI, "energy", "tanaka", "candidate", "active", created=1100, domain="kansai-gas.co.jp",
        stage=3, share_of_wallet=35, ratings=(4, 4, 4), orders=Orders(5, 4, 3_200_000, 0.31),
        csat=4.0, log_every=26, last_contact=14, preferred_channel="visit", tags=("energy", "safety"),
        products=(MONITORING,),
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
        products=(MONITORING,),
    ),
    AccountSpec(
        LUMEN, "healthcare", "lee", "standard", "active", created=1300, domain="lumendental.com",
        lang="en", stage=3, share_of_wallet=60, ratings=(2, 2, 2), orders=Orders(4, 5, 420_000, 0.30),
        csat=4.5, log_every=60, last_contact=30, preferred_channel="email", tags=("dental",),
        products=(MONITORING,), csat_before=3.1,
    ),
    AccountSpec(
        HIKARI, "retail", "tanaka", "standard", "active", created=1600, domain="hikari-super.co.jp",
        stage=4, share_of_wallet=55, ratings=(2, 1, 2), orders=Orders(15, 14, 260_000, 0.16),
        csat=4.0, log_every=45, last_contact=20, preferred_channel="call", tags=("retail", "refrigeration"),
        products=(COLD_CHAIN,),
    ),
    AccountSpec(
        PACIFIC, "logistics", "sato", "standard", "at-risk", created=1400, domain="pacificcoldchain.com",
        lang="en", stage=2, share_of_wallet=10, ratings=(2, 2, 2), orders=Orders(5, 9, 380_000, 0.15),
        csat=2.4, log_every=40, last_contact=40, preferred_channel="call", tags=("cold-chain",),
        notes="Merged with a larger 3PL in the spring; budgets frozen.",
        products=(COLD_CHAIN, ANALYTICS), csat_before=3.6,
    ),
    AccountSpec(
        TANUKI, "food", "tanaka", "standard", "active", created=1200, domain="tanuki-bev.jp",
        lang="en", stage=1, share_of_wallet=10, ratings=(1, 2, 2), orders=Orders(3, 4, 240_000, 0.20),
        csat=3.0, log_every=70, last_contact=50, tags=("beverages",),
        products=(MONITORING,),
    ),
    AccountSpec(
        FUJIMI, "hospitality", "lee", "standard", "active", created=900, domain="fujimi-hotels.co.jp",
        stage=2, share_of_wallet=20, ratings=(2, 1, 2), orders=Orders(4, 4, 500_000, 0.25),
        csat=3.2, log_every=60, last_contact=35, preferred_channel="email", tags=("hotels", "energy"),
        products=(ENERGY,),
    ),
    AccountSpec(
        REDLINE, "automotive", "tanaka", "standard", "active", created=1700, domain="redline-parts.com",
        lang="en", stage=3, share_of_wallet=50, ratings=(2, 2, 1), orders=Orders(9, 8, 450_000, None),
        csat=3.8, log_every=60, last_contact=40, tags=("aftermarket",),
        notes="Buys through their parent's purchasing system: no per-order margin data.",
        products=(MONITORING,),
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
        products=(COLD_CHAIN,),
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
        products=(MONITORING,),
    ),
    AccountSpec(
        POLARIS, "energy", "tanaka", "standard", "lost", created=1300, domain="polaris-es.com",
        lang="en", stage=2, share_of_wallet=5, ratings=(2, 2, 2),
        orders=Orders(3, 8, 600_000, 0.24, until=160),
        csat=2.5, log_every=45, last_contact=165, tags=("churned",),
        notes="Moved to the parent company's in-house platform.",
        products=(ENERGY,), csat_before=3.4,
    ),
    AccountSpec(
        KESTREL, "logistics", "sato", "standard", "lost", created=1900, domain="kestrel-logistics.com",
        lang="en", stage=1, share_of_wallet=5, ratings=(1, 1, 2),
        orders=Orders(0, 5, 300_000, 0.18, until=440),
        archived=True, tags=("churned",),
        products=(TELEMATICS,),
    ),
    AccountSpec(
        TOYO, "manufacturing", "lee", "standard", "lost", created=2800, domain="toyo-textile.co.jp",
        stage=2, share_of_wallet=10, ratings=(1, 1, 1), orders=Orders(0, 3, 350_000, 0.20, until=610),
        archived=True, tags=("churned",), notes="国内工場閉鎖に伴い取引終了。",
        products=(MONITORING,),
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
           follow_up=FollowUp("Draft proposal for new wing device monitoring", 5, assignee="mori")),
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
    # The year before: how the key accounts grew, and Lumen's rough patch.
    Moment(HOKUTO, 420, "visit", "win", "positive",
           "札幌工場の全ライン監視への拡大を受注。村田部長が社内の改善発表会で導入効果を報告。",
           with_=(1, 6), tags=("win", "札幌")),
    Moment(KAPPA, 470, "meeting", "win", "positive",
           "Signed the Chonburi plant rollout: 80 gateways, go-live in the spring. Kenji wants the same "
           "dashboards in Hamamatsu.",
           with_=(0, 2), tags=("win", "chonburi"), hour=14),
    Moment(MINATO, 400, "meeting", "review", "positive",
           "年次レビュー：配送コスト -5% を確認。藤田室長が車両データの全社展開計画を説明。",
           with_=(0, 2), tags=("review",)),
    Moment(TOHO, 395, "visit", "win", "positive",
           "変電所の異常検知PoC（1拠点）を受注。遠藤部長が社内の推進役。",
           with_=(2,), tags=("win", "poc")),
    Moment(LUMEN, 410, "email", "issue", "negative",
           "Billing error on three clinics' invoices; Anna is unhappy and asked for a credit note.",
           with_=(0,), tags=("billing",)),
)


# ---------------------------------------------------------------------------------------------
# The everyday: what routine interactions and quarterly surveys say.

ROUTINE_NOTES: dict[str, tuple[tuple[str, str, str, tuple[str, ...]], ...]] = {
    "en": (
        ("meeting", "neutral", "Monthly status meeting with {who}: dashboard adoption is up; two sites still "
         "run the old gateway firmware.", ("status",)),
        ("meeting", "positive", "Energy dashboard workshop with {who} and the facilities team; agreed on "
         "five KPIs.", ("workshop",)),
        ("meeting", "neutral", "Roadmap session: {who} asked for SSO and a Japanese UI for plant staff.",
         ("roadmap",)),
        ("meeting", "neutral", "Walked {who} through the alert history of the last quarter; two thresholds "
         "to relax.", ("alerts",)),
        ("meeting", "positive", "Lunch with {who}. Budget planning for next year starts in January; they "
         "want us in the first draft.", ("budget",)),
        ("meeting", "negative", "Tense meeting with {who}: the rollout is two weeks late and they blame our "
         "integration team.", ("escalation",)),
        ("visit", "positive", "Site visit with {who}: walked the line with maintenance, three more machines "
         "worth monitoring.", ("site-visit",)),
        ("visit", "neutral", "On-site training for the night shift supervisors, organised by {who}; many "
         "questions on alert thresholds.", ("training",)),
        ("visit", "neutral", "Visited the new warehouse with {who}; coverage gaps in the loading bays.",
         ("site-visit",)),
        ("visit", "negative", "Visit with {who} after last week's gateway outage: the shift report was lost "
         "and they want a root-cause analysis.", ("incident",)),
        ("call", "neutral", "Call with {who} about the retrofit quote; they prefer a phased rollout next "
         "quarter.", ("quote",)),
        ("call", "neutral", "{who} asked for volume pricing for next fiscal year; checking with finance.",
         ("pricing",)),
        ("call", "positive", "Checked in with {who} after the firmware update; no issues, and the night "
         "shift likes the new alerts.", ()),
        ("call", "neutral", "{who} called about a sensor that went offline; replaced under warranty the same "
         "week.", ("support",)),
        ("call", "negative", "{who} complained about repeated false alarms on the night shift; promised a "
         "fix by Friday.", ("support", "false-alarm")),
        ("email", "neutral", "Sent {who} the monthly uptime report and the updated SLA draft.", ("report",)),
        ("email", "neutral", "Shared a case study from a similar customer with {who}, as promised.",
         ("case-study",)),
        ("email", "neutral", "Answered the security questionnaire from {who} (SOC 2 scope, data residency in "
         "Japan).", ("security",)),
        ("email", "neutral", "{who} forwarded an RFI for next year's maintenance tender; deadline in three "
         "weeks.", ("tender",)),
        ("email", "negative", "{who} escalated a wrong invoice for the second month in a row; finance is "
         "reissuing it.", ("billing",)),
        ("chat", "neutral", "Quick chat with {who} on API rate limits for the MES integration; ticket "
         "opened.", ("support",)),
        ("chat", "negative", "{who} is annoyed that a dashboard has been slow for a week; passed to support "
         "with screenshots.", ("support",)),
        ("event", "positive", "Met {who} at the Smart Factory Expo booth; liked the predictive maintenance "
         "demo.", ("expo",)),
        ("event", "positive", "{who} joined our customer webinar on energy monitoring and asked good "
         "questions.", ("webinar",)),
        ("social", "positive", "Congratulated {who} on LinkedIn on the new distribution center.", ()),
        ("other", "neutral", "Sent {who} the season's greetings card and the new product brochure.", ()),
    ),
    "ja": (
        ("meeting", "neutral", "{who}と定例会議。ダッシュボードの利用率が向上。旧ゲートウェイのファームウェア"
         "更新が2拠点で未実施。", ("定例",)),
        ("meeting", "positive", "{who}と省エネダッシュボードのワークショップ。追跡するKPIを5つに絞ることで"
         "合意。", ("workshop",)),
        ("meeting", "neutral", "ロードマップ説明会。{who}からSSO対応と現場向け多言語UIの要望あり。",
         ("roadmap",)),
        ("meeting", "neutral", "{who}と前四半期のアラート履歴を確認。閾値を2か所緩和する。", ("アラート",)),
        ("meeting", "positive", "{who}と会食。来年度の予算策定は1月開始、初稿に当社案件を入れたいとのこと。",
         ("予算",)),
        ("meeting", "negative", "{who}と進捗会議。導入が2週間遅れており、当社の連携チームの対応に強い不満。",
         ("エスカレーション",)),
        ("visit", "positive", "工場訪問。{who}と保全チームでラインを確認し、監視対象の追加候補を3台特定。",
         ("訪問",)),
        ("visit", "neutral", "{who}の手配で夜勤リーダー向け現地トレーニングを実施。アラート閾値の質問が"
         "多い。", ("training",)),
        ("visit", "neutral", "{who}と新倉庫を見学。荷捌き場にセンサー未設置のエリアあり。", ("訪問",)),
        ("visit", "negative", "先週のゲートウェイ停止の件で{who}を訪問。日報データが欠損し、原因報告を"
         "求められた。", ("障害",)),
        ("call", "neutral", "{who}と改修見積りについて電話。来期から段階的に導入したいとのこと。", ("見積",)),
        ("call", "neutral", "{who}より来年度のボリュームディスカウントの打診。社内で確認する。", ("価格",)),
        ("call", "positive", "ファームウェア更新後の状況を{who}に確認。問題なく、新しいアラートが現場で"
         "好評。", ()),
        ("call", "neutral", "{who}よりセンサー1台がオフラインとの連絡。保証交換で同週中に復旧。",
         ("support",)),
        ("call", "negative", "{who}より夜勤帯の誤報が続いているとの苦情。金曜までの対策を約束。",
         ("support", "誤報")),
        ("email", "neutral", "{who}へ月次稼働レポートとSLA改定案を送付。", ("report",)),
        ("email", "neutral", "約束していた同業他社の導入事例を{who}に共有。", ("事例",)),
        ("email", "neutral", "{who}からのセキュリティチェックシートに回答（データは国内リージョンに保管）。",
         ("security",)),
        ("email", "neutral", "{who}より来年度保守の入札案内を受領。締切は3週間後。", ("入札",)),
        ("email", "negative", "{who}より請求書の誤りを2か月連続で指摘された。経理が再発行中。", ("請求",)),
        ("chat", "neutral", "{who}からMES連携のAPI制限についてチャットで相談。サポートチケットを起票。",
         ("support",)),
        ("chat", "negative", "{who}：ダッシュボードの表示が1週間遅いままとの不満。スクリーンショット付きで"
         "サポートへ連携。", ("support",)),
        ("event", "positive", "スマート工場EXPOのブースで{who}と面談。予知保全デモに高い関心。", ("展示会",)),
        ("event", "positive", "{who}が当社の省エネ監視ウェビナーに参加。質疑で具体的な導入相談あり。",
         ("ウェビナー",)),
        ("social", "positive", "新物流センター開設のニュースを受けて{who}にお祝いのメッセージを送付。", ()),
        ("other", "neutral", "{who}へ年末のご挨拶と新製品カタログを送付。", ()),
    ),
}
"""Everyday notes the generator draws from: (channel, sentiment, notes, tags); `{who}` is the first
participant. Each note has the one sentiment its words carry."""

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
                    closed=60, product=MONITORING),
    OpportunitySpec(HOKUTO, "予知保全モデル 全工場展開", "upsell", 24_000_000, "open", 30, 40,
                    product=PREDICTIVE, probability=70),
    OpportunitySpec(HOKUTO, "保守契約更新 2027", "renewal", 12_000_000, "open", 50, 45, product=MONITORING,
                    probability=90),
    OpportunitySpec(KAPPA, "Line 3 vibration monitoring", "upsell", 26_000_000, "won", 210, -30, closed=30,
                    product=PREDICTIVE),
    OpportunitySpec(KAPPA, "2027 framework agreement", "renewal", 48_000_000, "open", 60, 80,
                    product=MONITORING, probability=60),
    OpportunitySpec(KAPPA, "Energy monitoring for the paint shop", "cross-sell", 9_500_000, "open", 20, 120,
                    product=ENERGY),
    OpportunitySpec(MINATO, "契約更新（2026年度）", "renewal", 15_000_000, "open", 120, -5,
                    product=TELEMATICS, probability=35),
    OpportunitySpec(MINATO, "冷凍車 温度監視オプション", "cross-sell", 4_200_000, "lost", 200, -70, closed=62,
                    reason="価格：競合が約30%安い見積を提示", product=COLD_CHAIN),
    OpportunitySpec(SAKURA, "HACCP記録の自動化", "cross-sell", 6_800_000, "won", 150, -40, closed=46,
                    product=ANALYTICS),
    OpportunitySpec(SAKURA, "Export warehouse monitoring (Kobe)", "upsell", 8_000_000, "open", 40, 60,
                    product=COLD_CHAIN),
    OpportunitySpec(MERIDIAN, "New wing device monitoring", "upsell", 21_000_000, "open", 14, 100,
                    product=MONITORING, probability=60),
    OpportunitySpec(MERIDIAN, "Compliance reporting module", "cross-sell", 4_500_000, "won", 260, -170,
                    closed=180, product=ANALYTICS),
    OpportunitySpec(TOHO, "変電所 異常検知PoC 5拠点拡大", "upsell", 30_000_000, "open", 17, 150,
                    product=PREDICTIVE, probability=50),
    OpportunitySpec(TOHO, "スマートメーター分析", "cross-sell", 11_000_000, "lost", 330, -230, closed=240,
                    reason="競争入札で失注（価格差）", product=ANALYTICS),
    OpportunitySpec(NORTHWIND, "Analytics add-on", "upsell", 5_500_000, "lost", 150, -30, closed=40,
                    reason="No budget this fiscal year", product=ANALYTICS),
    OpportunitySpec(NORTHWIND, "POS monitoring renewal", "renewal", 11_000_000, "open", 45, 30,
                    product=COLD_CHAIN),
    OpportunitySpec(ASTER, "3-year facilities monitoring expansion", "upsell", 29_000_000, "won", 320, -200,
                    closed=200, product=MONITORING),
    OpportunitySpec(ASTER, "Facilities monitoring renewal", "renewal", 14_000_000, "won", 70, -25, closed=25,
                    product=MONITORING),
    OpportunitySpec(ASTER, "DC energy program, phase 1", "upsell", 28_000_000, "open", 9, 35, product=ENERGY,
                    probability=75),
    OpportunitySpec(YAMATO, "パイロットライン監視", "new", 7_500_000, "open", 40, 25, product=PREDICTIVE),
    OpportunitySpec(ORION, "Yield analytics rollout", "upsell", 16_000_000, "open", 15, 90,
                    product=ANALYTICS),
    OpportunitySpec(BLUE_HARBOR, "Fleet telematics", "cross-sell", 5_200_000, "open", 60, 45,
                    product=TELEMATICS),
    OpportunitySpec(NEXT, "第２工場 IoT基盤", "new", 22_000_000, "open", 8, 180, product=MONITORING,
                    probability=30),
    OpportunitySpec(KANSAI, "ガス導管 遠隔監視", "cross-sell", 9_800_000, "won", 220, -125, closed=130,
                    product=MONITORING),
    OpportunitySpec(SUMMIT, "Branch HVAC monitoring pilot", "new", 2_400_000, "open", 9, 60, product=ENERGY),
    OpportunitySpec(PACIFIC, "Analytics tier renewal", "renewal", 1_800_000, "open", 50, 20,
                    product=ANALYTICS, probability=30),
    OpportunitySpec(POLARIS, "Contract renewal 2026", "renewal", 3_600_000, "lost", 300, -150, closed=150,
                    reason="Moved to the parent company's in-house platform", product=ENERGY),
    OpportunitySpec(REDLINE, "Warehouse sensor kit", "cross-sell", 1_200_000, "lost", 160, -95, closed=100,
                    reason="Chose a cheaper off-the-shelf kit", product=MONITORING),
    OpportunitySpec(HIKARI, "冷蔵ケース温度監視 追加12店舗", "upsell", 3_200_000, "won", 150, -85, closed=90,
                    product=COLD_CHAIN),
    # The year before (last in the list, so the ids above stay what they were).
    OpportunitySpec(HOKUTO, "札幌工場 全ライン監視", "upsell", 21_000_000, "won", 540, -425, closed=420,
                    product=MONITORING),
    OpportunitySpec(KAPPA, "Chonburi plant rollout", "upsell", 32_000_000, "won", 600, -475, closed=470,
                    product=MONITORING),
    OpportunitySpec(TOHO, "変電所 異常検知PoC 1拠点", "new", 6_000_000, "won", 470, -400, closed=395,
                    product=PREDICTIVE),
    OpportunitySpec(SAKURA, "Energy monitoring for the Kobe warehouse", "cross-sell", 3_900_000, "lost", 560,
                    -500, closed=505, reason="Budget went to the export warehouse expansion", product=ENERGY),
    OpportunitySpec(LUMEN, "Sterilisation room monitoring", "cross-sell", 900_000, "lost", 480, -400,
                    closed=405, reason="On hold after the billing dispute", product=ENERGY),
)
"""Products make the whitespace map of the key accounts: owned, open, lost and empty cells."""

REMINDERS: tuple[ReminderSpec, ...] = (
    ReminderSpec(SAKURA, "Check the Kobe false-alarm rate after threshold tuning", -6, 60, contact=4,
                 assignee="yamada"),
    ReminderSpec(TOHO, "変電所PoC拡大の提案書ドラフト", 6, 17, contact=2, assignee="mori"),
    ReminderSpec(BLUE_HARBOR, "Chase the CFO demo date with Hannah", 0, 30, contact=0),
    ReminderSpec(ORION, "Find Orion's budget owner (ask Ethan who signs)", 12, 15, contact=0),
    ReminderSpec(GREENFIELD, "Send the greenhouse case study", -10, 25, contact=1),
    ReminderSpec(NORTHWIND, "Prepare renewal quote with a flat-price option", 8, 39),
    ReminderSpec(PACIFIC, "Call Ryan about the analytics tier decision", 1, 24, contact=0),
    ReminderSpec(HINODE, "代理店経由で来期の数量見込みを確認", 14, 27),
    ReminderSpec(HOKUTO, "週次 稼働レポート送付", 3, 300, rule="weekly"),
    ReminderSpec(ASTER, "Monthly service review call", 12, 400, contact=2, rule="monthly"),
    ReminderSpec(KAPPA, "Plant KPI pack to Daniel", 0, 250, contact=2, rule="RRULE:FREQ=WEEKLY;BYDAY=MO",
                 assignee="mori"),
    ReminderSpec(SAKURA, "Monthly cold-chain report", 0, 500, rule="first monday of month"),
    ReminderSpec(MINATO, "エスカレーション定例（岡田センター長）", -2, 85, contact=3, rule="every 2 weeks"),
)
"""Stand-alone reminders; follow-ups created by a log entry live in MOMENTS. A recurring reminder's
due is its pending occurrence; `weekly on Monday` and `first monday of month` are aligned below.
Work given to a colleague on the account team names its assignee; the rest is the owner's."""

A = ObjectiveSpec  # short, like C for the account maps: the plans below stay readable

PLANS: tuple[Plan, ...] = (
    Plan(
        HOKUTO,
        goals=("計画外停止を2027年度までに50%削減", "3工場の設備データを一元管理し、経営会議で活用"),
        objectives=(
            A("千歳工場 追加センサーの受注", -60, 62, target="センサー120点が稼働", customer_owner=1),
            A("予知保全モデルを苫小牧工場に展開", 40, target="苫小牧工場の計画外停止 -30%", customer_owner=5,
              assignee="mori"),
            A("経営層向け年次レビューの実施", 5, target="北村社長の出席", customer_owner=0),
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
            A("Sign the 2027 framework agreement", 80, target="Signed for three years", customer_owner=1),
            A("Pilot energy monitoring in the paint shop", 120, target="Energy per car body -8%",
              customer_owner=2),
            A("Meet the new Chonburi plant manager", -10),
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
            A("障害の再発防止策を報告", -40, 42, target="3か月間データ欠損ゼロ", customer_owner=3),
            A("小林CFOとのROIレビュー実施", -5, target="配送コスト -8% を共同で確認", customer_owner=1),
            A("新しいDX推進室長との関係構築", 14),
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
            A("HACCP automation go-live", -30, 28, target="All four plants live", customer_owner=1),
            A("False alarms below 2 per week in Kobe", 20, target="< 2 false alarms a week", customer_owner=4,
              assignee="yamada"),
        ),
    ),
    Plan(
        MERIDIAN,
        goals=("Joint Commission audit with zero device findings", "Open the new wing on schedule"),
        objectives=(
            A("Proposal for new wing monitoring", 6, customer_owner=2),
            A("Quarterly uptime report to the COO", -3, target="Device uptime ≥ 99.95%", customer_owner=0),
        ),
    ),
    Plan(TOHO, goals=("変電設備の保守コスト15%削減", "再エネ接続の増加に伴う系統監視の強化"),
         objectives=(A("PoC 5拠点拡大の稟議支援", 30, target="5拠点の稟議承認", customer_owner=2),)),
    Plan(NORTHWIND, goals=("Reduce food waste in fresh categories by 20%",),
         objectives=(A("Renewal signed at a flat price", 30, target="Renewed at the 2026 price",
                       customer_owner=1),)),
    Plan(ASTER, goals=("PUE below 1.4 in both data centers by 2028",),
         objectives=(A("Phased plan for the DC energy program", 7, target="Plan approved by the CIO",
                       customer_owner=2),
                     A("Phase 1 kickoff", 60, target="PUE below 1.5 in DC 1", customer_owner=3))),
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


RISKS: tuple[RiskSpec, ...] = (
    RiskSpec(MINATO, "小林CFOが20%値下げを要求。応じなければ競合へ切替", "high", "sato", 20, due=3,
             mitigation="ROI資料で効果（配送コスト -8%）を示し、鈴木役員が同席して協議する。"),
    RiskSpec(MINATO, "DX推進室長の後任が未定：社内の推進役が不在", "medium", "sato", 98, due=-4,
             mitigation="情報システム課の石井主任を暫定窓口に。後任決定後すぐ面談。"),
    RiskSpec(KAPPA, "Framework renewal: a 6% volume discount would cut the margin", "medium", "tanaka", 5,
             due=40, mitigation="Offer multi-year pricing instead of a volume discount."),
    RiskSpec(KAPPA, "OT security review could block the Line 3 rollout", "medium", "yamada", 180, due=-60,
             mitigation="Walk Priya through the gateway design before the rollout.", closed=45,
             close_note="Priya signed off the gateway review; Line 3 went live."),
    RiskSpec(TOHO, "5,000万円以上は競争入札：PoC拡大が価格で負ける恐れ", "medium", "tanaka", 78, due=60,
             mitigation="入札前に遠藤部長と効果指標を仕様に盛り込む。"),
    RiskSpec(SAKURA, "False alarms in Kobe erode trust in every alert", "medium", "yamada", 68, due=20,
             mitigation="Threshold tuning with 吉田さん; weekly false-alarm count."),
    RiskSpec(NORTHWIND, "Store closures shrink the installed base", "low", "sato", 120),
    RiskSpec(PACIFIC, "Budgets frozen after the merger: the analytics tier may be dropped", "high", "sato",
             24, due=5, mitigation="Show the tier's savings per route before the renewal call."),
)
"""Open risks with a due date appear in `remind` (kind risk); open high ones are reasons in `at_risk`."""

RENEWALS: tuple[RenewalSpec, ...] = (
    RenewalSpec(ASTER, 25, "lee", previous=-18, until=347, value=14_000_000),
)
"""Aster renewed a week early; みなと物流's renewal date passed unrenewed: it has lapsed."""

SETTINGS: dict[str, Any] = {"target.nrr": 1.05, "target.csat_avg": 4.2, "target.margin": 0.3}
"""The team's targets to review the KPIs against (SPEC §8), stored as JSON like every setting."""

READINGS: dict[str, str] = {
    "北村 正人": "キタムラ マサト", "山本 健一": "ヤマモト ケンイチ", "佐々木 由美": "ササキ ユミ",
    "高橋 翔": "タカハシ ショウ", "井上 美咲": "イノウエ ミサキ", "中島 大輔": "ナカジマ ダイスケ",
    "村田 亮": "ムラタ リョウ", "松本 浩二": "マツモト コウジ", "小林 隆": "コバヤシ タカシ",
    "藤田 彩": "フジタ アヤ", "岡田 誠": "オカダ マコト", "石井 直樹": "イシイ ナオキ",
    "加藤 博": "カトウ ヒロシ", "森 優子": "モリ ユウコ", "清水 拓也": "シミズ タクヤ",
    "吉田 健太": "ヨシダ ケンタ", "田中 美穂": "タナカ ミホ", "石川 誠一": "イシカワ セイイチ",
    "原田 恵": "ハラダ メグミ", "遠藤 浩": "エンドウ ヒロシ", "木村 啓太": "キムラ ケイタ",
    "西村 さやか": "ニシムラ サヤカ", "森田 剛": "モリタ ツヨシ", "長谷川 修": "ハセガワ オサム",
    "近藤 真理": "コンドウ マリ", "福田 亮介": "フクダ リョウスケ", "斎藤 真一": "サイトウ シンイチ",
    "青木 加奈": "アオキ カナ", "小川 拓海": "オガワ タクミ", "松井 さくら": "マツイ サクラ",
    "前田 陽介": "マエダ ヨウスケ", "上田 俊介": "ウエダ シュンスケ", "横山 理恵": "ヨコヤマ リエ",
    "谷口 健": "タニグチ ケン", "野村 洋子": "ノムラ ヨウコ", "丸山 茂": "マルヤマ シゲル",
    "丸山 和也": "マルヤマ カズヤ", "中村 健": "ナカムラ ケン", "林 美紀": "ハヤシ ミキ",
    "山口 大樹": "ヤマグチ ダイキ", "酒井 隆之": "サカイ タカユキ", "工藤 菜々": "クドウ ナナ",
    "菅原 智子": "スガワラ トモコ", "白川 修": "シラカワ オサム", "大野 智子": "オオノ トモコ",
    "宮本 翼": "ミヤモト ツバサ", "後藤 正": "ゴトウ タダシ",
}
"""The furigana of the Japanese contacts (contact `reading`), by name."""

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
    session.add_all(_plans(account_id, contact_id, specs, timeline))
    session.add_all(_risks(account_id, timeline))
    session.add_all(_renewals(account_id, timeline))
    session.add_all(Setting(key=key, value=json.dumps(value)) for key, value in SETTINGS.items())
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
    changes += [renewal.days_ago for renewal in RENEWALS if renewal.account == spec.name]
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
    for renewal in RENEWALS:
        yield AccountHistory(
            account_id=account_id[renewal.account], changed_at=timeline.at(renewal.days_ago, 16, 30),
            who=renewal.who, field="renewal_date", old=timeline.day(renewal.previous).isoformat(),
            new=timeline.day(renewal.until).isoformat(),
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
        reading=READINGS.get(person.name),
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
    orders = []
    # A third year, from its own seed (so no amount or date above moved): without it the previous
    # period's net revenue retention has next to no base, and its change reads in thousands of pp.
    earlier = random.Random(f"{SEED}/{spec.name}/orders-earlier")
    windows += ((profile.older, max(profile.until, 740), min(1095, spec.created - 1)),)
    for number, (count, nearest, furthest) in enumerate(windows):
        if count == 0 or nearest > furthest:
            continue
        rng = earlier if number == 2 else rng
        for _ in range(count):
            amount = min(max(round(profile.size * rng.lognormvariate(0, 0.3), -3), 200_000), 30_000_000)
            profit = None
            if profile.margin is not None:
                profit = round(amount * rng.uniform(profile.margin - 0.05, profile.margin + 0.05), -3)
            ordered_on = timeline.day(-rng.randint(nearest, furthest))
            orders.append({"account_id": account_id, "ordered_on": ordered_on, "amount": amount,
                           "profit": profit, "product": None})
    # Products come from their own seed, so naming them moved no amount or date. The newest orders
    # name each product once (every product is owned this year); the rest lean to the main one.
    pick = random.Random(f"{SEED}/{spec.name}/products")
    weights = [3] + [1] * (len(spec.products) - 1)
    for position, order in enumerate(sorted(orders, key=lambda order: order["ordered_on"], reverse=True)):
        if position < len(spec.products):
            order["product"] = spec.products[position]
        else:
            order["product"] = pick.choices(spec.products, weights)[0]
    yield from orders


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
    """Two years of everyday interactions and quarterly surveys, at the account's own rhythm."""
    if spec.log_every is None:
        return
    rng = random.Random(f"{SEED}/{spec.name}/log")
    furthest = min(360, spec.created - 2)
    yield from _interactions(rng, spec, timeline, spec.last_contact, furthest, spec.csat, newest=True)
    if spec.csat is not None:
        first_survey = max(spec.last_contact, rng.randint(15, 60))
        yield from _surveys(rng, spec, timeline, first_survey, furthest, spec.csat)
    # The year before the report period has its own seed, so it never moves the last year's data;
    # like the orders, it stays clear of day 365.
    before = random.Random(f"{SEED}/{spec.name}/log/before")
    nearest, furthest = max(370, spec.last_contact), min(730, spec.created - 2)
    csat = spec.csat if spec.csat_before is None else spec.csat_before
    yield from _interactions(before, spec, timeline, nearest + before.randint(0, spec.log_every), furthest,
                             csat, newest=False)
    if csat is not None:
        yield from _surveys(before, spec, timeline, nearest + before.randint(0, 30), furthest, csat)


def _interactions(
    rng: random.Random, spec: AccountSpec, timeline: _Timeline, nearest: int, furthest: int,
    csat: float | None, *, newest: bool,
) -> Iterator[_Draft]:
    """Everyday interactions from `nearest` back to `furthest` days ago; `newest`: the account's latest."""
    assert spec.log_every is not None
    people = CONTACTS[spec.name]
    days_ago = timeline.working_day(nearest)
    while days_ago <= furthest:
        present = _present(rng, spec, people, days_ago)
        who = people[present[0]].name if present else None
        note_lang = _language(spec, who)
        sentiment = _pick_sentiment(rng, csat, allow_negative=not newest)
        channel, notes, tags = _pick_note(rng, ROUTINE_NOTES[note_lang], sentiment, spec.preferred_channel)
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
        newest = False
        gap = max(2, round(rng.gauss(spec.log_every, spec.log_every * 0.3)))
        days_ago = timeline.working_day(days_ago + gap)


def _surveys(
    rng: random.Random, spec: AccountSpec, timeline: _Timeline, nearest: int, furthest: int, typical: float
) -> Iterator[_Draft]:
    """Quarterly satisfaction surveys; the NPS answer and the sentiment follow the CSAT answer."""
    people = CONTACTS[spec.name]
    days_ago = timeline.working_day(nearest)
    while days_ago <= furthest:
        csat = min(5, max(1, round(rng.gauss(typical, 0.6))))
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
    rng: random.Random, notes: tuple[tuple[str, str, str, tuple[str, ...]], ...], sentiment: str,
    preferred: str | None,
) -> tuple[str, str, tuple[str, ...]]:
    """A note that carries `sentiment`, on the account's preferred channel more often than not."""
    fitting = [(channel, text, tags) for channel, mood, text, tags in notes if mood == sentiment]
    weights = [CHANNEL_WEIGHT[channel] * (3 if channel == preferred else 1) for channel, _, _ in fitting]
    return rng.choices(fitting, weights)[0]


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
            assignee=follow_up.assignee,
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
            assignee=spec.assignee,
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
            product=spec.product,
            probability=spec.probability,
            status=spec.status,
            expected_close=None if spec.close is None else timeline.day(spec.close),
            reason=spec.reason,
            created_at=timeline.at(spec.created, 10, 30),
            closed_at=None if spec.closed is None else timeline.at(spec.closed, 16),
        )


def _plans(
    account_id: dict[str, int], contact_id: dict[str, list[int]], specs: dict[str, AccountSpec],
    timeline: _Timeline,
) -> Iterator[Goal | Objective]:
    for plan in PLANS:
        # Plans were written at the last planning round, 200 days ago (or when the account began).
        written = min(200, specs[plan.account].created - 1)
        for goal in plan.goals:
            yield Goal(account_id=account_id[plan.account], text=goal, created_at=timeline.at(written, 15))
        for objective in plan.objectives:
            owner = objective.customer_owner
            yield Objective(
                account_id=account_id[plan.account],
                text=objective.text,
                due=timeline.day(objective.due),
                assignee=objective.assignee,
                target=objective.target,
                customer_owner_id=None if owner is None else contact_id[plan.account][owner],
                created_at=timeline.at(written, 15, 30),
                done_at=None if objective.done is None else timeline.at(objective.done, 17),
            )


def _risks(account_id: dict[str, int], timeline: _Timeline) -> Iterator[Risk]:
    for spec in RISKS:
        yield Risk(
            account_id=account_id[spec.account],
            text=spec.text,
            severity=spec.severity,
            assignee=spec.owner,
            due=None if spec.due is None else timeline.day(spec.due),
            mitigation=spec.mitigation,
            status="open" if spec.closed is None else "closed",
            created_at=timeline.at(spec.created, 11),
            closed_at=None if spec.closed is None else timeline.at(spec.closed, 16),
            close_note=spec.close_note,
        )


def _renewals(account_id: dict[str, int], timeline: _Timeline) -> Iterator[Renewal]:
    for spec in RENEWALS:
        yield Renewal(
            account_id=account_id[spec.account],
            renewed_at=timeline.at(spec.days_ago, 16, 30),
            who=spec.who,
            previous=timeline.day(spec.previous),
            until=timeline.day(spec.until),
            value=spec.value,
        )
