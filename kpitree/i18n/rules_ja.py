"""ルールの説明（日本語）: `kpitree rule CODE --lang ja` と `kpitree rule --all --lang ja` が表示します。

The English documentation stays in each rule's docstring (kpitree/rules/); this is its Japanese
twin, beside the Japanese catalogue, loaded only by `kpitree rule` (shared/decisions.md). Same
shape as the docstrings: the first line is `CODE name: 要約`, then 何をするか (What it does),
なぜ問題か (Why is this bad?), 例 (Example), 設定 (Options, where the rule has settings) and
代わりに (Use instead). The YAML examples are the English ones; tests/test_i18n.py fails when a
rule of `kpitree.rules.REGISTRY` has no entry here, a section is missing, or an example differs.
"""

DOCS: dict[str, str] = {
    "E001": """E001 yaml-invalid: スペックとして使える YAML として読めないファイル。

## 何をするか
YAML ではないテキスト（構文エラー）、UTF-8 ではないバイト列、空のファイル、そして平文の計画には
不要な YAML の機能を報告します: タグ（`!!python/object`）、マージキー（`<<`）、展開すると 500,000
ノードを超えるエイリアス、自分自身を参照するエイリアス、64 階層を超える入れ子。位置は読み取りが
止まった場所です。

## なぜ問題か
読めないスペックからは計画も立てられず、ルールのチェックもできません。YAML の特殊な機能は、
見た目と違う内容をスペックに持たせたり、読み込みを破綻させたりします。

## 例
```yaml
funnel:
  - {id: calls, name: 架電
```

## 代わりに
```yaml
funnel:
  - {id: calls, name: 架電}
```
""",
    "E002": """E002 duplicate-key: 同じマッピングに同じキーが2回ある。

## 何をするか
1つのマッピングの中でキーが2回目に出てきた箇所を、1回目の行とあわせて報告します。

## なぜ問題か
YAML の読み込みでは、何も警告されずに後の値が使われます。画面で見えている内容と計画に使われる内容が
食い違い、片方だけ直して古い転換率がもう片方に残っていても、誰も気づきません。

## 例
```yaml
kgi:
  target: 1億
  target: 1.2億
```

## 代わりに
```yaml
kgi:
  target: 1.2億
```
""",
    "E003": """E003 unknown-key: スペック v1 のその場所にないキー。

## 何をするか
スペックの形式でその場所に定められていないキーを、すべて報告します。いちばん近い既知のキー
（「'rate' のことですか？」）と、そこで使えるキーもあわせて示します。

## なぜ問題か
`rat: 5%` のような打ち間違いが無視されると、書いた人が意図した転換率を使わずにその段階が計画されて
しまいます。不明なキーは警告ではなくエラーにして、綴りを誤った数値を見逃さないようにしています。

## 例
```yaml
- {id: deals, name: 受注, rat: 5%}
```

## 代わりに
```yaml
- {id: deals, name: 受注, rate: 5%}
```
""",
    "E004": """E004 missing-key: スペック v1 が必須とするキーがない。

## 何をするか
必須のキー（`version`、`kgi`、`kgi.name`、`kgi.target`、`kgi.unit`、`kgi.start`、`kgi.deadline`、
段階の `id` など）が欠けていれば1つずつ報告し、そのキーを持つべきマッピングを指します。

## なぜ問題か
単位や期限のない KGI は目標になりません（測定可能でも、期限付きでもありません）。id のない段階は
追跡できません。kpitree は書かれていない意図を推測しません。

## 例
```yaml
kgi: {name: 売上, target: 1.2億, start: 2026-04-01, deadline: 2027-03-31}
```

## 代わりに
```yaml
kgi: {name: 売上, target: 1.2億, unit: 円, start: 2026-04-01, deadline: 2027-03-31}
```
""",
    "E005": """E005 invalid-value: 型が違う値、またはキーが許す範囲の外の値。

## 何をするか
そのキーに書いても意味をなさない値を報告します: 0 より大きく 1 以下の範囲外の転換率（`25` には「'25%' のことですか？」
と添えます）、0 以下や読めない金額、数値の場所にある文字列、YAML が true/false と読む `no`/`yes`、
NaN や無限大、存在しない日付や時刻つきの日付、数値の書き方の規則に合わない数（`0755`、`0x1F`、`1_000`、
`1:30`、0〜9 以外の数字）、上限を超える値（10^15 を超える金額、3650 を超える `cycle_days`、30 桁を
超える数）、ラテン文字と見た目の似たキリル文字・ギリシャ文字が混ざった id、整数の 1 以外の
`version`、空の `checks.select`（docs/spec.md「Numbers and dates」）。

## なぜ問題か
すべての件数はこれらの値から逆算されます。25% のつもりの 25 や、`false` と読まれた目標値からは、
もっともらしく見えても間違った数字が出てきます。

## 例
```yaml
- {id: deals, name: 受注, rate: 25}
```

## 代わりに
```yaml
- {id: deals, name: 受注, rate: 25%}
```
""",
    "E006": """E006 inconsistent-spec: 単独では正しいが、組み合わせると計画できない値。

## 何をするか
1つの項目だけでは分からない矛盾を報告します: 開始日と同じかそれより前の期限、稼働日が1日もない期間、
`rate` のない2番目以降の段階（または `rate` のある最初の段階）、2回使われた id、`drivers:` と
省略形 `funnel:` の併用、`share` と `target` の両方または両方ともないドライバー、担当のない段階や
`team.members`（担当ごと）にいない段階の担当、どの段階も指さない `team.capacity`、`{won, of}` か
`{low, high}` のどちらか一方の形になっていない、または順序が逆の `history`、2回書かれた稼働曜日、10 年を超える
期間、10^15 を超える件数が必要になる段階。

## なぜ問題か
逆算には、ドライバーごとに各段階の転換率がそろったファネルと、稼働日のある期間が必要です。
それがなければ評価する計画そのものがないので、SMART の指摘ではなくエラーにしています。

## 例
```yaml
funnel:
  - {id: calls, name: 架電}
  - {id: deals, name: 受注}
```

## 代わりに
```yaml
funnel:
  - {id: calls, name: 架電}
  - {id: deals, name: 受注, rate: 5%}
```
""",
    "R006": """R006 parts-disagree: 会社全体のスペックのパートが、別の単位か別の期間で数えている。

## 何をするか
会社全体のスペック（`parts:`）で、各パートの KGI を会社の KGI と比べます。`unit`（`円`、`¥`、`yen` は
同じ単位です）と期間（`start` と `deadline`）のどちらかが違えば、そのパートの `parts:` の項目を
指摘します。

## なぜ問題か
会社の KGI は各チームの KGI の合計です。円と契約件数は足せませんし、12月締めのチームと3月締めの
会社も足せません。合算した数字は意味をなさず、チームの KGI が会社の KGI と関連（Relevant）
しなくなります。

## 例
```yaml
# company.kpi.yaml
kgi: {name: 全社売上, target: 3億, unit: 円, start: 2026-04-01, deadline: 2027-03-31}
parts: [teams/tokyo.kpi.yaml]
# teams/tokyo.kpi.yaml
kgi: {name: 東京売上, target: 3億, unit: 円, start: 2026-01-01, deadline: 2026-12-31}
```

## 代わりに
```yaml
# teams/tokyo.kpi.yaml
kgi: {name: 東京売上, target: 3億, unit: 円, start: 2026-04-01, deadline: 2027-03-31}
```
""",
    "S001": """S001 unnamed-node: 名前のない、空の、または仮の名前の KGI・ドライバー・段階・KPI。

## 何をするか
`name` のないドライバー・段階・KPI と、名前が空または `TBD`、`KPI`、`未定` のような仮の名前に
なっているノードを指摘します。

## なぜ問題か
KPI ツリーは人が読むものです。`s2` や `TBD` という段階は具体的（Specific）ではありません。
意味を推測しなければならない数字には、誰も責任を持てず、会議で話し合うこともできません。

## 例
```yaml
funnel:
  - {id: calls}
  - {id: deals, name: TBD, rate: 0.05}
```

## 代わりに
```yaml
funnel:
  - {id: calls, name: 架電}
  - {id: deals, name: 受注, rate: 0.05}
```
""",
    "S002": """S002 kgi-unit-blank: KGI の単位が空。

## 何をするか
`unit` が空または空白だけの KGI を指摘します。

## なぜ問題か
「120,000,000」とは何の数でしょうか。KGI は単位があってはじめて具体的（Specific）で測定可能
（Measurable）になります: 売上なら通貨（円）、件数なら数える単位（件、社、contracts）。

## 例
```yaml
kgi: {name: 新規契約売上, target: 1.2億, unit: "", start: 2026-04-01, deadline: 2027-03-31}
```

## 代わりに
```yaml
kgi: {name: 新規契約売上, target: 1.2億, unit: 円, start: 2026-04-01, deadline: 2027-03-31}
```
""",
    "S003": """S003 duplicate-name: ツリーの2つのノードが同じ名前。

## 何をするか
KGI・ドライバー・段階・KPI の名前（大文字小文字と前後の空白は無視）が、別のノードですでに使われて
いれば指摘し、最初に使われた行を示します。

## なぜ問題か
KPI ツリーに「アポ」の箱が2つあると、振り返りやレポートで取り違えが起き、実績が違う方に計上されても
誰も気づきません。具体的（Specific）とは、1つの数字に意味が1つだけあることです。

## 例
```yaml
drivers:
  - {id: new, name: 新規, share: 0.5, funnel: [{id: calls, name: 架電}]}
  - {id: old, name: 既存, share: 0.5, funnel: [{id: follow, name: 架電}]}
```

## 代わりに
```yaml
  - {id: old, name: 既存, share: 0.5, funnel: [{id: follow, name: 既存フォロー架電}]}
```
""",
    "M001": """M001 kpi-no-target: 数値の目標がない KPI。

## 何をするか
`target` のない `kpis:` の項目を指摘します。

## なぜ問題か
数値のない KPI は測定（Measure）できません。実績と比べる基準がないので、PDCA の「Check」が
できません。「満足度を上げる」は願望であり、「満足度調査 85 点以上」が KPI です。

## 例
```yaml
kpis:
  - {id: csat, name: 顧客満足度, unit: points, kind: quality, driver: upsell}
```

## 代わりに
```yaml
kpis:
  - {id: csat, name: 顧客満足度, target: 85, unit: points, kind: quality, driver: upsell}
```
""",
    "M002": """M002 kpi-no-unit: 単位のない KPI。

## 何をするか
`unit` のない（または空の）`kpis:` の項目を指摘します。ファネルの段階には不要です: 段階そのもの
（架電、アポイント、受注）が単位になります。

## なぜ問題か
「85」は点数なのか、パーセントなのか、顧客数なのか。単位がなければ毎回同じ測り方ができず、
レポートは違うものを比べることになります。

## 例
```yaml
kpis:
  - {id: csat, name: 顧客満足度, target: 85, kind: quality, driver: upsell}
```

## 代わりに
```yaml
kpis:
  - {id: csat, name: 顧客満足度, target: 85, unit: points, kind: quality, driver: upsell}
```
""",
    "M003": """M003 rate-whole-number: 整数の 1 と書かれた転換率。

## 何をするか
`rate` が `1`、つまり前の段階の全件が進むと書かれた段階を指摘します。`25` のように 1 を超える
転換率は、スペックを読む時点ですでにエラーです（E005、「'25%' のことですか？」と添えます）。`1` は
正しい値ですが、ほとんどの場合 1% のつもりです。

## なぜ問題か
転換率 100% ではその段階を置く意味がなく、前のすべての段階の必要件数が小さくなりすぎます。計画は
楽に見えますが、現実と比べて測れる（Measurable）ものではありません。

## 例
```yaml
- {id: deals, name: 受注, rate: 1}
```

## 代わりに
```yaml
- {id: deals, name: 受注, rate: 1%}     # 0.01 でも可。本当に全件が進むなら 1.0 か 100% と書く
```
""",
    "M004": """M004 amount-kgi-without-deal-value: KGI が金額なのに `deal_value` のないドライバー。

## 何をするか
KGI の `unit` が通貨（円、万円、千円、億円、¥、yen、$、USD、€、EUR など、よく使われる通貨の
記号と ISO コード）のとき、`deal_value` のないドライバー（省略形 `funnel:` では、トップレベルに
`deal_value` のないスペック）を指摘します。

## なぜ問題か
`deal_value` がないと、最後の段階の1件が KGI の 1 単位として数えられます。KGI が `1.2億円` なら
1件1円で、計画は 1億2000万件の受注を求め、その前の段階はさらに多くなります。達成できる
（Achievable）数字ではなく、誰の意図した数字でもありません。

## 例
```yaml
kgi: {name: 新規売上, target: 1.2億円, unit: 円, start: 2026-04-01, deadline: 2027-03-31}
funnel:
  - {id: calls, name: 架電}
  - {id: deals, name: 受注, rate: 5%}
```

## 代わりに
```yaml
kgi: {name: 新規売上, target: 1.2億円, unit: 円, start: 2026-04-01, deadline: 2027-03-31}
deal_value: 84万円   # 1件あたりの平均金額
funnel:
  - {id: calls, name: 架電}
  - {id: deals, name: 受注, rate: 5%}
```
""",
    "A001": """A001 capacity-exceeded: 1人1日あたりの必要件数が `team.capacity` を超えている。

## 何をするか
`team.capacity` に書かれた段階ごとに、逆算した1人1日あたりの件数と、1人が1日にこなせる上限を
比べ、上限を超えていれば指摘します。

名前のあるメンバー（`team.people`）がいるときは、一人ひとりをその人の能力で判定します。出勤する日に
こなす分を、`team.capacity` × 稼働率（FTE）× 立ち上がり（ramp）と比べるので、立ち上がり 30% の人は
1日の上限の 30% で判定されます。担当できる人が誰もいない月（全員が休職中、または入社前）に必要件数が
ある場合も、`team.capacity` の有無にかかわらず指摘します。

## なぜ問題か
1日 60 件しか架電できない人に 80 件を求める計画は達成可能（Achievable）ではありません。しかも失敗が
目立ちません。初週から行動量の目標に届かず、そのまま KGI も未達になります。

## 例
```yaml
team: {members: 2, capacity: {calls: 60}}
funnel:
  - {id: calls, name: 架電}
  - {id: deals, name: 受注, rate: 0.5%}
```

## 代わりに
人員を増やす、根拠のある範囲で転換率を上げる、KGI を下げる、または期間を延ばします:
```yaml
team: {members: 4, capacity: {calls: 60}}
```
""",
    "A002": """A002 growth-too-high: KGI の前期実績からの伸びが `checks.max_growth` を超えている。

## 何をするか
`kgi.baseline`（前期の実績）があれば、伸び率 = 目標 ÷ 前期実績 − 1 を計算し、`checks.max_growth`
（既定 0.3、つまり 30%）を超えていれば KGI を指摘します。

## なぜ問題か
達成可能（Achievable）とは、野心的でも過去の実績に照らして現実的なことです。新しい打ち手もないまま
前年実績を大きく上回る KGI は、チームを奮い立たせるどころか、やる気を失わせます。

## 例
```yaml
kgi: {name: 売上, target: 2億, baseline: 1億, unit: 円, start: 2026-04-01, deadline: 2027-03-31}
```

## 設定
- `checks.max_growth`（既定 `0.3`、つまり 30%）: `kgi.baseline` からの伸びとして許す上限。小数か
  百分率（`50%`）で書きます。スペックごとなら `checks:` に、すべてのスペックに対してなら
  pyproject.toml か kpitree.toml の `[tool.kpitree.checks]` に書きます。

## 代わりに
前期実績から届く範囲の目標にするか、伸びが計画どおりならしきい値を上げます:
```yaml
checks: {max_growth: 100%}
```
""",
    "A003": """A003 rate-above-history: 計画した転換率がチームの過去実績を大きく上回っている。

## 何をするか
`history` のある段階で、`rate` が過去の転換率 `won / of` の `checks.max_rate_ratio`（既定 1.5）倍を
超えているとき、または history が 90% 区間 `{low, high}` のときに `high` を超えているとき、
その転換率を指摘します。

## なぜ問題か
逆算は転換率を前提に計算します。昨年 18% だった成約率を 30% と置いた計画は、必要な行動量を少なく
見積もります。前の段階の件数がすべて小さくなり、KPI は達成しているように見えても KGI には届きません。

## 例
```yaml
- {id: deals, name: 受注, rate: 0.3, history: {won: 18, of: 100}}
```

## 設定
- `checks.max_rate_ratio`（既定 `1.5`）: 計画の転換率が過去の転換率 `won / of` の何倍までなら警告
  しないか。スペックごとなら `checks:` に、すべてのスペックに対してなら `[tool.kpitree.checks]` に
  書きます。

## 代わりに
```yaml
- {id: deals, name: 受注, rate: 0.2, history: {won: 18, of: 100}}
```
""",
    "A004": """A004 planned-below-required: 段階の計画値（`planned`）では KGI に届かない。

## 何をするか
段階の `planned: {value, per}` を、その段階の期間全体の合計に直し（期間の途中で始まる月・終わる月は
稼働日の割合で按分します）、KGI がその段階に求める件数を下回っていれば指摘します。

## なぜ問題か
掲げた KPI と KGI が食い違っています。チームが KPI をすべて達成しても、目標には届きません。
期が始まる前にこの食い違いを見つけることが、逆算の目的です。

## 例
```yaml
kgi: {name: 新規契約, target: 120, unit: contracts, start: 2026-04-01, deadline: 2027-03-31}
funnel:
  - {id: calls, name: 架電}
  - {id: deals, name: 受注, rate: 5%, planned: {value: 8, per: month}}
```

## 代わりに
```yaml
  - {id: deals, name: 受注, rate: 5%, planned: {value: 10, per: month}}
```
""",
    "A005": """A005 planned-above-required: 段階の計画値（`planned`）が KGI の必要件数を大きく上回っている。

## 何をするか
A004 と同じく `planned` をその段階の期間全体の合計に直し、KGI が求める件数の
`checks.max_planned_ratio`（既定 1.5）倍を超えていれば指摘します。

## なぜ問題か
逆算した必要件数を大きく上回る KPI は、KGI から導いたものではありません。転換率を悲観的に
見積もっているか、目標につながらない活動をチームに求めています（「受注につながらない1日100件の
架電」）。

## 例
```yaml
  - {id: deals, name: 受注, rate: 5%, planned: {value: 20, per: month}}   # KGI に必要なのは月10件
```

## 設定
- `checks.max_planned_ratio`（既定 `1.5`）: 段階の `planned` の合計が必要件数の何倍までなら警告
  しないか。スペックごとなら `checks:` に、すべてのスペックに対してなら `[tool.kpitree.checks]` に
  書きます。

## 代わりに
```yaml
  - {id: deals, name: 受注, rate: 5%, planned: {value: 10, per: month}}
```
""",
    "A006": """A006 no-working-days-in-window: `cycle_days` のために段階の期間に稼働日が残らない。

## 何をするか
`cycle_days` があると、最初の段階は期限のその日数前までに終えておく必要があります（途中の段階の
期間の決め方は docs/engine.md を参照）。期間に稼働日が1日もない段階を指摘します。その段階の
1日あたりの必要件数は、JSON 出力で `null` になります。

`season` があるときは、稼働日はあっても重み 0 の月にしかない段階も指摘します。その量はどこにも
割り振れません。

## なぜ問題か
60 日の期間で 90 日の営業サイクルなら、この KGI のための活動は期間が始まる前に始めておく必要が
ありました。達成できる期限（Time-bound）になっていません。

## 例
```yaml
kgi: {name: 新規契約, target: 10, unit: contracts, start: 2026-04-01, deadline: 2026-04-30}
cycle_days: 45
```

## 代わりに
期限を開始日から `cycle_days` 以上あとにするか、サイクルを短くします:
```yaml
cycle_days: 14
```
""",
    "A007": """A007 month-over-capacity: 期間の平均は上限内でも、ある月が `team.capacity` を超える。

## 何をするか
`team.capacity` に書かれた段階ごとに、計画と同じく（`season` の重みと稼働日で）量を月に割り振り、
各月の分をその月の延べ人日（`members × 稼働日`、名前のあるメンバーなら稼働率 × 立ち上がり × 出勤で
数えた能力）で割ります。期間全体の平均は上限内なのに上限を超える月があれば指摘します（平均が
上限を超えるときは A001 が指摘します）。

## なぜ問題か
平均ではピークが見えません。3月（年度末）の重み 1.5 や、ある月にチームの半分が休むことで、その月だけ
1日 60 件しかできない人に 80 件を求めることになっても、年間の数字は問題なく見えます。計画は、いちばん
大事な繁忙月に破綻します。

## 例
```yaml
team: {members: 2, capacity: {calls: 60}}
season: {3: 2.5}
```

## 代わりに
ピーク月の重みを緩めるか、その月の人員を増やします:
```yaml
season: {3: 1.5}
```
""",
    "R001": """R001 shares-not-total: ドライバーの share の合計が KGI と一致しない。

## 何をするか
ドライバーの `share` を合計し（`target` で書いたドライバーは target ÷ KGI の目標として数えます）、
合計がちょうど 1 でなければ指摘します。

会社全体のスペック（`parts:`）では、パートの KGI の目標を合計し、会社の KGI の目標とちょうど
同じでなければ `parts:` を指摘します（パートの単位が会社と違うときは R006 が指摘します）。

## なぜ問題か
KSF は KGI をレバーごとに分けたものです。合計が 90% なら目標の 10% には裏付けとなる計画がなく、
110% ならチームに目標以上を求めています。どちらにしても、KPI が書かれた KGI と関連（Relevant）
していません。

## 例
```yaml
drivers:
  - {id: new_business, share: 0.6, ...}
  - {id: upsell, share: 0.3, ...}
```

## 代わりに
```yaml
drivers:
  - {id: new_business, share: 0.7, ...}
  - {id: upsell, share: 0.3, ...}
```
""",
    "R002": """R002 kpi-unlinked: どのドライバーにもつながっていない KPI。

## 何をするか
`driver` がない、またはスペックにないドライバーを指している `kpis:` の項目を指摘します。省略形
`funnel:` ではドライバーは `main` の1つで、`driver:` のない KPI はすべてそこに属します。ほかの
ドライバーを指している KPI は、`drivers:` のときと同じく指摘します。

## なぜ問題か
KPI は KSF を通じて KGI につながっている必要があります。宙に浮いた KPI（受注につながらない
「1日100件の架電」）は、いくら測って報告し、追いかけても、目標は動きません。

## 例
```yaml
kpis:
  - {id: csat, name: 顧客満足度, target: 85, unit: points, kind: quality}
```

## 代わりに
```yaml
kpis:
  - {id: csat, name: 顧客満足度, target: 85, unit: points, kind: quality, driver: upsell}
```
""",
    "R003": """R003 kpi-uncontrollable: `controllable: false` と書かれた KPI や段階。

## 何をするか
チームが自分たちで動かせないとスペック自身が書いている KPI とファネルの段階を、すべて指摘します。

## なぜ問題か
KPI は、それを持つ人が自分の行動で動かせる数字です: 架電、訪問、提案。市場規模、競合の価格、
為替は前提条件であって KPI ではありません。それでチームを評価すると、「数字は運次第」だと
教えることになります。

## 例
```yaml
kpis:
  - {id: market, name: 市場成長率, target: 5, unit: "%", driver: new_business, controllable: false}
```

## 代わりに
KPI ツリーの外で追い、代わりにチームが動かせるレバーを置きます:
```yaml
kpis:
  - {id: proposals, name: 提案数, target: 40, unit: 件, driver: new_business}
```
""",
    "R004": """R004 no-quality-kpi: 量だけを数える計画。

## 何をするか
`kind: quality` の KPI（顧客満足度、提案の質、フォローの継続率）が1つもないスペックを指摘します。

## なぜ問題か
量だけの KPI は営業を「数字をこなすだけ」にします。架電は増えても顧客体験は下がり、計画全体が
前提にしている成約率が落ちます。品質の KPI が1つあるだけで、ツリーのバランスが保たれます。

## 例
```yaml
kpis: []
```

## 代わりに
```yaml
kpis:
  - {id: csat, name: 顧客満足度, target: 85, unit: points, kind: quality, driver: upsell}
```
""",
    "R005": """R005 too-many-kpis-per-owner: 1人の担当の KPI が5個を超えている。

## 何をするか
担当ごとに、受け持つファネルの段階（段階の `owner`、なければそのドライバーの owner）と、その
`owner` の KPI を数え、`checks.max_kpis_per_owner`（既定 5）を超えた最初の KPI を指摘します。
担当のない段階と KPI は数えません。

## なぜ問題か
人が追える数字は3〜5個です。それより多いと、どれが大事なのか誰にも分からなくなり、KGI につながる
数字がほかに埋もれてしまいます。

## 例
6つの段階すべての担当が `field-sales`。

## 設定
- `checks.max_kpis_per_owner`（既定 `5`）: 1人の担当が持てる KPI（受け持つ段階と KPI の合計）の
  上限。スペックごとなら `checks:` に、すべてのスペックに対してなら `[tool.kpitree.checks]` に
  書きます。

## 代わりに
前半の段階は実際にそれを行うチームに任せる（`owner: inside-sales`）か、どこにもつながらない
KPI を外します。
""",
    "T001": """T001 deadline-past: KGI の期限がすでに過ぎている。

## 何をするか
`deadline` が今日より前の KGI を指摘します（再現できる実行のために `--today` で日付を固定できます）。
開始日が今日より後なのは問題ありません: 計画は前もって書くものです。

## なぜ問題か
期限の過ぎた計画は、もう行動の指針になりません。数字はすでに過去のものです。git に残した古い計画で CI が
落ちないよう、エラーではなく警告にしています: アーカイブするか、次の期間を設定してください。

## 例
```yaml
kgi: {name: 売上, target: 1億, unit: 円, start: 2024-04-01, deadline: 2025-03-31}
```

## 代わりに
```yaml
kgi: {name: 売上, target: 1.2億, unit: 円, start: 2026-04-01, deadline: 2027-03-31}
```
""",
    "T002": """T002 holiday-outside-period: `team.holidays` の休日が KGI の期間の外にある。

## 何をするか
`team.holidays` の日付のうち `kgi.start` より前か `kgi.deadline` より後のものと、1日でも期間の外に
かかる休業期間 `{from, to}` を指摘します（一部だけ外にかかる休業期間は、外にかかる日も示します）。
`JP` は指摘しません: 期間がいつでも、その期間の祝日を表すからです。

## なぜ問題か
期間の外の休日は計画の稼働日を1日も変えないので、たいていは別の年のつもりで書かれています。
前年のリストをそのままコピーした、年を打ち間違えた、などです。そのままだと実際に休む日が抜け、
1日あたりのペースは誰も働かない日を含めて計画されてしまいます。期限をまたぐ休業期間（年をまたぐ年末年始など）は
害はありませんが、期間内に切り詰めておくと計画が何を数えているかがはっきりします。

## 例
```yaml
kgi: {name: 売上, target: 1.2億円, unit: 円, start: 2026-04-01, deadline: 2027-03-31}
team:
  holidays: [2025-05-06, {from: 2025-12-29, to: 2026-01-03, name: 年末年始}]
```

## 代わりに
```yaml
team:
  holidays: [JP, {from: 2026-12-29, to: 2027-01-03, name: 年末年始}]
```
""",
    "T003": """T003 national-holidays-unknown: 祝日の暦がない期間に `team.holidays` の `JP`。

## 何をするか
KGI の期間に、日本の祝日がわからない年（`holidays` ライブラリが知っているのは 1949 年から 2099 年
まで）が含まれているとき、`team.holidays` の `JP` を指摘します。その年には祝日がまったく入りません。

## なぜ問題か
`JP` は期間中の祝日を入れるという約束です。暦のない年では祝日がすべて知らないうちに稼働日になり、計画は
誰も働かない日を数え、1日あたりのペースが低すぎる計画になります（今の形の祝日は 1948 年に
始まりました）。

## 例
```yaml
kgi: {name: 売上, target: 1.2億円, unit: 円, start: 2100-04-01, deadline: 2101-03-31}
team: {holidays: JP}
```

## 代わりに
```yaml
team:
  holidays: [2100-04-29, 2100-05-03, 2100-05-04, 2100-05-05]   # 休みの日を日付で書く
```
""",
}
