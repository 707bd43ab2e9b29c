/// The words, phrases and planted families of the synthetic corpus, written for this project.
///
/// Phrase choices are written in a tiny language parsed once by ``SyntheticGrammar``:
/// `name = alt | alt | …` picks one alternative with Zipf weights (the k-th alternative has weight 1/(k+1)),
/// `name := alt | …` picks uniformly. A line starting with `|` continues the previous definition; `#` starts a
/// comment line. Inside an alternative, words are literal tokens and `{name}` is either another choice or a
/// per-sentence parameter (`{W}` the planted word, `{he}`/`{his}`/`{him}` the gender pronouns, `{X}`/`{Y}` a
/// per-family cue choice, `{C}`/`{K}`/`{M}`/`{A}` a country's name, capital, currency and nationality
/// adjective, `{n}`/`{a}`/`{v}`/`{p}` a topic's nouns, adjectives, verbs and places).
enum SyntheticLexicon {
    // MARK: - Planted analogy families

    /// Gender pairs (male, female). Each pair shares a role phrase choice `family.<male>`; only the pronouns differ.
    static let family: [(male: String, female: String)] = [
        ("king", "queen"), ("prince", "princess"), ("man", "woman"), ("boy", "girl"),
        ("father", "mother"), ("son", "daughter"), ("husband", "wife"), ("brother", "sister"),
        ("uncle", "aunt"), ("grandfather", "grandmother"), ("groom", "bride"), ("nephew", "niece"),
    ]

    /// Countries: name, capital, nationality adjective, currency (nil where the currency is shared with another
    /// country or would be ambiguous). Multi-word names are joined with "_" into one token (word2vec-phrase style).
    static let countries: [(country: String, capital: String, adjective: String, currency: String?)] = [
        ("france", "paris", "french", "euro"),
        ("czech_republic", "prague", "czech", "koruna"),
        ("germany", "berlin", "german", nil),
        ("italy", "rome", "italian", nil),
        ("spain", "madrid", "spanish", nil),
        ("japan", "tokyo", "japanese", "yen"),
        ("russia", "moscow", "russian", "ruble"),
        ("greece", "athens", "greek", nil),
        ("china", "beijing", "chinese", "yuan"),
        ("poland", "warsaw", "polish", "zloty"),
        ("sweden", "stockholm", "swedish", "krona"),
        ("egypt", "cairo", "egyptian", "pound"),
        ("india", "delhi", "indian", "rupee"),
        ("canada", "ottawa", "canadian", "dollar"),
        ("mexico", "mexico_city", "mexican", "peso"),
        ("kenya", "nairobi", "kenyan", "shilling"),
    ]
    /// How many of the countries above form `capital-common-countries` (the rest only appear in `capital-world`).
    static let commonCountryCount = 8

    /// Adjective → adverb pairs; cue nouns in `manner.<adjective>`.
    static let adverbs: [(adjective: String, adverb: String)] = [
        ("quick", "quickly"), ("slow", "slowly"), ("quiet", "quietly"), ("loud", "loudly"),
        ("careful", "carefully"), ("happy", "happily"), ("sad", "sadly"), ("calm", "calmly"),
        ("gentle", "gently"), ("proud", "proudly"), ("brave", "bravely"), ("polite", "politely"),
        ("angry", "angrily"), ("lazy", "lazily"), ("clumsy", "clumsily"), ("graceful", "gracefully"),
    ]

    /// Present → past verb pairs; cue phrases in `deed.<present>`.
    static let tenses: [(present: String, past: String)] = [
        ("walk", "walked"), ("jump", "jumped"), ("dance", "danced"), ("paint", "painted"),
        ("climb", "climbed"), ("laugh", "laughed"), ("shout", "shouted"), ("listen", "listened"),
        ("go", "went"), ("run", "ran"), ("swim", "swam"), ("sing", "sang"),
        ("write", "wrote"), ("speak", "spoke"), ("fly", "flew"), ("sleep", "slept"),
        ("drink", "drank"), ("teach", "taught"), ("build", "built"), ("eat", "ate"),
    ]

    /// Singular → plural noun pairs; cue phrases in `thing.<singular>`.
    static let plurals: [(singular: String, plural: String)] = [
        ("dog", "dogs"), ("cat", "cats"), ("horse", "horses"), ("cow", "cows"), ("pig", "pigs"),
        ("duck", "ducks"), ("car", "cars"), ("boat", "boats"), ("book", "books"), ("shoe", "shoes"),
        ("cup", "cups"), ("candle", "candles"), ("pencil", "pencils"), ("window", "windows"),
        ("door", "doors"), ("lamp", "lamps"), ("bottle", "bottles"), ("key", "keys"),
    ]

    // MARK: - Homographs and controls

    /// Homographs: each sense has its phrase choice `hom.<word>.<sense>` and a share of the word's occurrences.
    /// `rate` is the word's share of homograph sentences (relative).
    static let homographs: [(word: String, senses: [(name: String, share: Double)], rate: Double)] = [
        ("python", [("snake", 0.45), ("programming", 0.35), ("comedy", 0.20)], 1.2),
        ("apple", [("fruit", 0.60), ("company", 0.40)], 1.1),
        ("bank", [("river", 0.35), ("money", 0.65)], 1.3),
        ("waterloo", [("station", 0.55), ("battle", 0.45)], 1.0),
        ("jam", [("preserve", 0.40), ("traffic", 0.60)], 0.9),
        ("date", [("calendar", 0.45), ("fruit", 0.20), ("romantic", 0.35)], 1.0),
        ("bow", [("weapon", 0.40), ("ribbon", 0.25), ("bending", 0.35)], 0.8),
        ("platform", [("station", 0.40), ("software", 0.35), ("political", 0.25)], 0.9),
    ]

    /// Single-sense control words, each planted at the same rate as the homograph at the same index, with
    /// phrase choice `ctl.<word>`.
    static let controls: [String] = ["tiger", "banana", "violin", "tennis", "laptop", "wallet", "airport", "umbrella"]

    /// Topics of the filler sentences; each has choices `<topic>.n` (nouns), `.a` (adjectives), `.v` (past
    /// verbs taking the noun as object) and `.p` (places).
    static let topics: [String] = [
        "animals", "food", "music", "sport", "weather", "computing", "money", "travel",
        "history", "school", "nature", "comedy", "romance", "politics", "calendar", "gifts",
        "archery", "theatre", "garden", "health",
    ]

    // MARK: - Sentence kinds and their relative weights

    static let kindWeights: [(kind: SentenceKind, weight: Double)] = [
        (.filler, 20), (.family, 12), (.country, 24), (.manner, 8), (.tense, 9), (.plural, 8),
        (.homograph, 10), (.control, 10),
    ]

    // MARK: - Phrase choices

    static let grammar = #"""
# ---------- shared pieces
subj = we | they | i | you | my friend | everyone | people | our neighbour | my cousin | the visitors
 | nobody | the old farmer | a stranger | the doctor | the children | the tourists | my colleague
time = in the evening | after lunch | at noon | in the afternoon | before dinner | at dawn | on the weekend
 | around midnight | after work | in the spring
# ---------- filler frames over a topic's n/a/v/p
filler.frame = {subj} {v} the {a} {n} in the {p}
 | there was a {a} {n} near the {p}
 | {subj} talked about the {n} and the {n}
 | the {n} was {a} and the {n} was {a}
 | {subj} {v} a {a} {n} {time}
 | everyone at the {p} liked the {a} {n}
 | the {a} {n} and the {n} were in the {p}
 | {subj} {v} the {n} {time}
 | a {a} {n} is better than a {a} {n}
 | {subj} {v} a {n} and a {n} at the {p}
 | we read a story about a {a} {n}
 | the {n} in the {p} looked {a}
# ---------- topics
animals.n = lion | snake | rabbit | wolf | bear | deer | goat | sheep | frog | monkey | elephant | zebra
 | giraffe | owl | eagle | parrot | turtle | squirrel | fox | camel | whale | dolphin | shark | bee
 | butterfly | spider | crocodile | kangaroo | hedgehog | lizard | badger | beaver | mole | hawk | raven
animals.a = wild | hungry | tiny | huge | furry | fierce | shy | spotted | sleepy | striped | noisy | rare
animals.v = fed | watched | chased | photographed | followed | spotted | heard | found | saw | rescued
animals.p = zoo | forest | jungle | farm | field | nest | cage | pond | burrow | savanna
food.n = bread | cheese | soup | rice | pasta | salad | butter | sugar | honey | milk | egg | potato
 | tomato | carrot | onion | garlic | lemon | orange | grape | cherry | strawberry | pie | cake | cookie
 | sandwich | pizza | chicken | fish | toast | fig | berry | pepper | salt | noodle | mushroom | pear | plum
food.a = fresh | sweet | spicy | salty | delicious | ripe | juicy | crispy | tasty | sour | baked | frozen
food.v = cooked | baked | tasted | bought | sliced | served | ordered | shared | mixed | chopped | peeled
food.p = kitchen | market | restaurant | bakery | cafe | oven | pantry | canteen | orchard | fridge
music.n = guitar | piano | drum | song | melody | concert | band | orchestra | album | rhythm | choir
 | trumpet | flute | chord | opera | tune | lyrics | harmony | symphony | saxophone | cello | singer | jazz
music.a = beautiful | catchy | classical | lively | famous | favourite | haunting | cheerful | modern
music.v = played | practised | heard | recorded | composed | enjoyed | tuned | performed | rehearsed
music.p = studio | concert hall | festival | music school | radio station | jazz club | stage
sport.n = football | match | goal | team | player | coach | stadium | ball | trophy | league | season
 | medal | cricket | rugby | hockey | golf | tournament | champion | fan | score | penalty | striker
sport.a = exciting | strong | fast | tired | winning | final | professional | local | fierce | young
sport.v = won | lost | played | watched | cheered | scored | trained | coached | celebrated | missed
sport.p = stadium | pitch | gym | club | arena | court | sports hall | field
weather.n = rain | snow | wind | storm | cloud | sun | sky | fog | thunder | lightning | ice | frost
 | summer | winter | autumn | forecast | temperature | rainbow | breeze | heat | hail | drizzle | flood
weather.a = cold | warm | sunny | windy | cloudy | wet | dry | freezing | stormy | grey | heavy | mild
weather.v = watched | feared | expected | enjoyed | predicted | noticed | forecast | measured | reported
weather.p = valley | mountains | coast | village | countryside | north | south | hills | harbour
computing.n = computer | software | program | code | server | network | keyboard | screen | file | data
 | database | website | internet | email | password | bug | algorithm | developer | app | phone | tablet
 | printer | chip | memory | script | browser | update | virus | compiler | robot | module
computing.a = digital | new | modern | online | secure | broken | powerful | faulty | open | cheap
computing.v = installed | updated | downloaded | fixed | tested | deleted | coded | debugged | programmed | launched
computing.p = office | lab | data centre | startup | computer room | workshop | basement
money.n = money | price | salary | loan | account | tax | coin | cash | budget | debt | profit | investor
 | interest | payment | credit | savings | fee | bill | receipt | shop | economy | cheque | rent | deposit
 | mortgage | pension | income | shares
money.a = expensive | cheap | rich | poor | financial | monthly | annual | high | low | large | small
money.v = paid | saved | spent | borrowed | earned | invested | owed | lent | counted | checked
money.p = office | shop | city | market | branch | counter | post office
travel.n = train | station | ticket | bus | plane | passenger | journey | trip | suitcase | luggage
 | hotel | map | road | motorway | highway | traffic | taxi | driver | commuter | timetable | railway
 | tunnel | bridge | tourist | carriage | london | ferry | tram | route
travel.a = late | early | crowded | long | busy | delayed | comfortable | cheap | direct | express
travel.v = caught | missed | booked | boarded | waited for | checked | took | changed | found | followed
travel.p = station | terminal | hotel | city | port | depot | ticket office | waiting room
history.n = battle | army | soldier | general | war | victory | defeat | sword | shield | castle | empire
 | emperor | napoleon | wellington | cannon | fortress | treaty | siege | troops | history | historian
 | century | cavalry | regiment | monument | kingdom
history.a = ancient | famous | bloody | long | great | decisive | old | heroic | military | historic
history.v = studied | described | remembered | read about | visited | explored | recalled | won | lost
history.p = museum | library | battlefield | castle | archive | old town | fortress
school.n = teacher | student | lesson | exam | homework | classroom | notebook | library | desk
 | subject | grade | university | lecture | question | answer | science | geography | chemistry
 | physics | essay | textbook | pupil | professor | course
school.a = difficult | hard | clever | boring | interesting | important | strict | simple | final
school.v = studied | learned | explained | answered | passed | failed | graded | revised | prepared
school.p = school | classroom | library | university | college | hall | lab
nature.n = river | stream | lake | mountain | valley | forest | hill | meadow | grass | stone | rock | sea
 | beach | island | waterfall | willow | reed | mud | canoe | cliff | cave | path | bush | moss | shore
nature.a = green | muddy | deep | peaceful | steep | rocky | sandy | wide | shallow | wild | misty
nature.v = explored | crossed | followed | reached | admired | photographed | sketched | mapped | found
nature.p = valley | countryside | national park | wilderness | hills | mountains | woods
comedy.n = comedy | film | show | sketch | audience | television | joke | comedian | episode | series
 | cinema | humour | circus | troupe | sitcom | parody | clown | studio
comedy.a = funny | silly | hilarious | absurd | popular | famous | british | clever | strange | classic
comedy.v = watched | enjoyed | filmed | performed | applauded | recorded | reviewed | loved
comedy.p = theatre | cinema | studio | television | club | festival
romance.n = love | romance | dinner | kiss | couple | heart | evening | valentine | partner | boyfriend
 | girlfriend | candlelight | roses | poem | proposal | chocolate | picnic | moonlight
romance.a = romantic | lovely | nervous | charming | sweet | shy | perfect | magical | secret
romance.v = planned | enjoyed | remembered | shared | arranged | wanted | described | imagined
romance.p = restaurant | park | beach | bistro | garden | cafe | balcony
politics.n = election | party | vote | voter | candidate | government | minister | parliament | policy
 | campaign | debate | law | president | senator | citizen | reform | manifesto | speech | opposition
politics.a = political | democratic | national | local | conservative | liberal | public | new | radical
politics.v = elected | debated | supported | criticised | proposed | announced | opposed | defended
politics.p = parliament | city hall | capital | town hall | senate | assembly
calendar.n = calendar | meeting | appointment | deadline | schedule | monday | tuesday | wednesday
 | thursday | friday | saturday | sunday | january | february | april | june | july | august | september
 | october | november | december | diary | week | month | year | birthday | holiday | anniversary
calendar.a = next | busy | free | important | annual | weekly | urgent | final | early | late
calendar.v = scheduled | postponed | cancelled | planned | arranged | marked | moved | confirmed | forgot
calendar.p = office | diary | planner | agenda | staff room | meeting room
gifts.n = ribbon | gift | present | wrapping | paper | dress | hat | scarf | hair | silk | lace | parcel
 | decoration | button | pocket | card | balloon | necklace | bracelet | bouquet
gifts.a = pink | red | pretty | colourful | shiny | velvet | golden | blue | purple | white | tiny
gifts.v = wrapped | tied | decorated | wore | opened | sewed | folded | chose | gave | bought
gifts.p = shop | party | wedding | birthday party | bedroom | parcel office
archery.n = arrow | quiver | target | archer | hunter | string | bullseye | crossbow | spear | longbow
 | hunting | feather | aim | range | robin hood | sherwood forest
archery.a = sharp | long | wooden | straight | deadly | skilled | steady | heavy | old
archery.v = aimed | shot | carried | missed | hit | sharpened | fired | notched | loaded
archery.p = range | forest | tournament | castle | woods | meadow
theatre.n = stage | actor | performance | curtain | applause | pianist | show | play | theatre | ballet
 | violinist | conductor | encore | premiere | costume | spotlight | ovation | drama | musical
theatre.a = dramatic | grand | standing | final | long | warm | thunderous | brilliant | elegant
theatre.v = watched | performed | reviewed | applauded | rehearsed | directed | enjoyed | staged
theatre.p = theatre | opera house | concert hall | auditorium | playhouse | stage
garden.n = rose | tulip | daisy | hedge | lawn | seed | spade | shed | soil | vegetable | weed | bench
 | pot | greenhouse | sunflower | lavender | ivy | fence | fountain
garden.a = pretty | overgrown | tidy | tall | fragrant | neat | blooming | shady | damp | new
garden.v = planted | watered | trimmed | dug | weeded | grew | picked | mowed | pruned | fertilised
garden.p = garden | greenhouse | yard | allotment | park | orchard
health.n = doctor | nurse | hospital | medicine | patient | fever | cough | headache | pill | clinic
 | vaccine | injury | surgery | bandage | pharmacy | ambulance | diet | exercise | rest
health.a = healthy | sick | painful | serious | mild | tired | strong | weak | sore | sudden
health.v = treated | prescribed | examined | recovered from | avoided | described | cured | checked
health.p = hospital | clinic | ward | surgery | pharmacy | health centre
# ---------- family roles: {W} the noun; {he}/{his}/{him} the pronouns of its gender
family.frame = {X} | {X} | one day {X} | {X} and {he} smiled | in the story {X}
 | {X} and everyone admired {him} | long ago {X} | {X} while {his} friends watched
family.king := the {W} sat on {his} golden throne | the {W} ruled the kingdom for many years
 | the {W} wore {his} crown at the royal feast | the {W} gave orders to {his} royal guards
 | the {W} reigned over the kingdom from {his} throne | the crown was placed on the head of the {W}
family.prince := the young {W} rode to the castle with {his} guards | the {W} will one day inherit the throne
 | the {W} lived in the palace with {his} servants | the {W} trained with a sword at the palace
 | the little {W} was the heir to the throne | the {W} attended a royal ball at the palace
family.man := the {W} worked at the factory all day | the {W} fixed the roof of {his} cottage
 | the {W} drove {his} truck to the market | the {W} read the newspaper on the bus
 | an old {W} waited at the bus stop | the {W} repaired {his} tractor in the barn
family.boy := the {W} played with {his} toys | the little {W} kicked a ball in the yard
 | the {W} did {his} homework after school | the {W} lost {his} toy in the playground
 | the {W} sat on the swing in the playground | the little {W} hugged {his} teddy bear
family.father := the {W} tucked {his} children into bed | the {W} took {his} children to school
 | the {W} read a bedtime story to {his} children | the {W} carried {his} baby in {his} arms
 | the {W} helped {his} children with their homework | the {W} watched {his} baby dozing
family.son := the {W} visited {his} parents every sunday | the {W} looked after {his} old parents
 | the {W} inherited the farm from {his} parents | the {W} phoned {his} parents from abroad
 | the eldest {W} took over the family business | the youngest {W} still lived with {his} parents
family.husband := the {W} remembered {his} wedding anniversary | the {W} and {his} spouse celebrated their marriage
 | the {W} bought a ring for {his} spouse | the {W} had been married for twenty years
 | the {W} and {his} spouse shared a house | the newly married {W} moved in with {his} spouse
family.brother := the {W} shared a bedroom with {his} sibling | my older {W} borrowed my bicycle
 | the {W} argued with {his} twin sibling | my little {W} copied everything i did
 | the {W} and {his} sibling fought over the remote | the younger {W} followed {his} siblings everywhere
family.uncle := our {W} brought presents for all {his} relatives | the {W} came to visit for the holidays
 | the {W} told funny stories at the family reunion | our favourite {W} sent {his} relatives postcards
 | the {W} visited {his} relatives at christmas | the {W} hosted the family reunion at {his} farm
family.grandfather := the {W} told stories about the old days | the {W} sat in {his} rocking chair
 | the {W} knitted by the fireplace in {his} armchair | the {W} showed us old photographs of {his} youth
 | the elderly {W} wore {his} reading glasses | the {W} celebrated {his} ninetieth birthday
family.groom := the {W} stood nervously at the altar | the {W} arrived at the church for the ceremony
 | the {W} said {his} vows at the altar | the {W} smiled throughout the ceremony
 | the {W} cut the wedding cake at the reception | the {W} led the procession down the aisle
family.nephew := the little {W} stayed with {his} godparents | the {W} spent the summer at {his} godparents farm
 | the young {W} was spoiled by {his} godparents | the {W} received a present from {his} godparents
 | the {W} visited {his} cousins in the summer | the {W} was the youngest of all the cousins
# ---------- countries: {C} name, {K} capital, {M} currency, {A} adjective, {X} the country's landmarks
# Each sentence names exactly one member of a country's family, beside the country's own landmarks ({X}) and
# the words of its relation (country / capital city / currency / nationality), so the offsets are shared.
country.country := the country {C} is famous for the {X} and the {X} | the {X} is in the country {C}
 | we toured the country {C} to see the {X} | the {X} and the {X} are in the country {C}
 | in the country {C} we saw the {X} | the country {C} is near the {X} and the {X}
 | the {X} is a symbol of the country {C}
country.capital := the capital {K} is famous for the {X} and the {X} | the {X} is close to the capital {K}
 | we landed in the capital {K} to see the {X} | the {X} and the {X} are near the capital {K}
 | in the capital {K} we saw the {X} | the capital {K} has a museum of the {X} and the {X}
 | the {X} is a symbol of the capital {K}
country.currency := the currency {M} is famous for pictures of the {X} and the {X}
 | the {X} is printed on the currency {M} | we paid in the currency {M} to see the {X}
 | the {X} and the {X} appear on the currency {M} | a tour of the {X} costs ten {M} in currency
 | the currency {M} shows the {X} and the {X} | the {X} is a symbol on the currency {M}
country.adjective := {A} people are famous for the {X} and the {X} | the {X} is dear to {A} people
 | {A} people took us to see the {X} | the {X} and the {X} make {A} people smile
 | in the {X} we met {A} people | {A} people tell stories about the {X} and the {X}
 | the {X} is a symbol of {A} people
land.france := seine | louvre | croissant
land.czech_republic := vltava | bohemia | moravia
land.germany := rhine | bavaria | bratwurst
land.italy := tiber | tuscany | colosseum
land.spain := andalusia | flamenco | paella
land.japan := fuji | sushi | samurai
land.china := yangtze | panda | great_wall
land.russia := volga | kremlin | siberia
land.poland := vistula | krakow | pierogi
land.greece := acropolis | olympus | aegean
land.sweden := gothenburg | lapland | meatballs
land.egypt := nile | pyramids | pharaoh
land.india := ganges | taj_mahal | curry
land.mexico := yucatan | tacos | aztecs
land.canada := niagara | maple | rockies
land.kenya := safari | maasai | mombasa
# ---------- manner: {W} adjective or adverb, {X} a cue noun of the quality, {Z} a scene of the quality,
# {Y} a generic verb (the adverb's relation words; "very"/"was"/"looked" are the adjective's)
manner.adjective := the {X} was very {W} {Z} | we saw a very {W} {X} {Z} | {Z} the {X} looked very {W}
 | the {X} was very {W} again {Z} | {Z} the {X} was so {W}
manner.adverb := the {X} {Y} {W} {Z} | {Z} the {X} {Y} {W} | {W} the {X} {Y} {Z} | the {X} {Y} {W} as usual {Z}
manner.verb = moved | worked | answered | replied | waited | behaved | acted | left | returned
 | knocked | nodded | waved | turned | entered
manner.quick := sprinter | courier | messenger | hare
manner.slow := snail | tortoise | sloth | barge
manner.quiet := librarian | monk | ghost | hermit
manner.loud := drummer | crowd | trumpeter | auctioneer
manner.careful := surgeon | pilot | jeweller | accountant
manner.happy := winner | puppy | toddler | birthday child
manner.sad := mourner | orphan | loser | poet
manner.calm := captain | yogi | lifeguard | negotiator
manner.gentle := giant | nanny | vet | healer
manner.proud := graduate | victor | peacock | medallist
manner.brave := firefighter | hero | rescuer | explorer
manner.polite := butler | clerk | receptionist | guest
manner.angry := bull | boss | motorist | protester
manner.lazy := slacker | teenager | lodger | housecat
manner.clumsy := juggler | apprentice | oaf | novice
manner.graceful := ballerina | swan | skater | gymnast
scene.quick := in the race | at the finish line | in the relay
scene.slow := in the mud | up the hill | behind the others
scene.quiet := in the library | at the monastery | in the chapel
scene.loud := at the rally | at the auction | at the carnival
scene.careful := in the operating theatre | with the fragile vase | during the delicate task
scene.happy := at the party | at the fairground | on the holiday
scene.sad := at the funeral | by the grave | after the loss
scene.calm := during the crisis | during the emergency | under pressure
scene.gentle := with the lamb | with the newborn | with the wounded fawn
scene.proud := at the graduation | on the podium | at the prize giving
scene.brave := in the burning building | against the dragon | during the rescue
scene.polite := at the front desk | at the embassy | at the banquet
scene.angry := about the delay | about the broken promise | about the unpaid invoice
scene.lazy := on the couch | in the hammock | all afternoon
scene.clumsy := on the ice rink | with the plates | on the stairs
scene.graceful := on the ice | across the ballroom | on the balance beam
# ---------- tense: {W} present or past, {X} the verb's cue phrase
tense.present := every morning we usually {W} {X} | nowadays they often {W} {X} | we always like to {W} {X}
 | every day i usually {W} {X} | on weekends they usually {W} {X} | nowadays you always {W} {X}
 | we often {W} {X} every week | every week they usually {W} {X}
tense.past := yesterday we {W} {X} last night | they {W} {X} last night | last week i once {W} {X}
 | two days ago they {W} {X} | yesterday you {W} {X} once | once we {W} {X} a long time ago
 | last year they {W} {X} once | once i {W} {X} yesterday
deed.walk := to the park | along the canal towpath | through the park gates
deed.jump := over the fence | on the trampoline | over the garden fence
deed.dance := at the disco | at the disco party | to the disco music
deed.paint := a portrait | a landscape portrait | with oil paints
deed.climb := up the ladder | the steep cliff | up the rope ladder
deed.laugh := at the jokes | at the silly jokes | at the comedian
deed.shout := for help | across the playground | for help across the playground
deed.listen := to the radio | to the radio news | to the vinyl records
deed.go := to the cinema | to the cinema downtown | to the seaside
deed.run := a marathon | around the track | the city marathon
deed.swim := in the pool | across the pool | laps in the pool
deed.sing := in the choir | a lullaby | in the church choir
deed.write := a letter | long letters | a postcard
deed.speak := in public | at the conference | to the press conference
deed.fly := a kite | over the clouds | a paper kite
deed.sleep := in a tent | on the sofa | in a camping tent
deed.drink := coffee | hot tea | black coffee
deed.teach := maths to the children | at the village school | maths
deed.build := a sandcastle | a treehouse | a wooden treehouse
deed.eat := breakfast | porridge | porridge for breakfast
# ---------- plural: {W} singular or plural noun, {X} its cue phrase
plural.singular := a {W} {X} | one {W} {X} | this {W} {X} | that {W} {X} | there was a {W} that {X}
 | only one {W} {X} | a single {W} {X}
plural.plural := two {W} {X} | many {W} {X} | these {W} {X} | those {W} {X} | there were many {W} that {X}
 | several {W} {X} | three {W} {X}
thing.dog := barked at the postman | dozed by the fire | dug in the garden
thing.cat := purred on the sofa | chased a ball of wool | sat on the windowsill
thing.horse := galloped across the field | pulled the cart | munched hay in the stable
thing.cow := grazed in the meadow | gave fresh milk | mooed at the farmer
thing.pig := rolled in the mud | snorted in the pen | munched scraps in the pen
thing.duck := paddled on the pond | quacked by the pond | waddled to the pond
thing.car := parked outside | raced down the street | needed new tyres
thing.boat := sailed into the harbour | rocked in the harbour | drifted out to sea
thing.book := sat on the shelf | had torn pages | stood on the library shelf
thing.shoe := needed new laces | got muddy in the rain | needed polishing
thing.cup := stood on the saucer | held warm cocoa | had a chipped handle
thing.candle := flickered in the dark | burned on the cake | lit the dark room
thing.pencil := needed sharpening | rolled off the desk | had a rubber on the end
thing.window := rattled in the wind | looked over the garden | needed cleaning
thing.door := creaked open | slammed shut | had a brass handle
thing.lamp := lit the room | glowed in the corner | hung from the ceiling
thing.bottle := held cold water | rolled across the floor | was full of fizzy water
thing.key := opened the lock | hung on a hook | fitted the old lock
# ---------- homographs: {W} the homograph
hom.python.snake := the {W} coiled around the branch | a large {W} slithered through the tall grass
 | the zoo keeper fed a rabbit to the {W} | the {W} swallowed its prey whole
 | a {W} is a snake that squeezes its prey | we saw a {W} hiding in the jungle
 | the {W} shed its skin in the jungle | a hungry {W} hunted a rabbit
hom.python.programming := she used a {W} script to parse the log files | our team uses {W} for data analysis
 | he installed the latest version of {W} on the server | the {W} program crashed with an error
 | learning {W} made coding easier | the developer debugged the {W} code
 | we rewrote the old software in {W} | the {W} library downloads the data
hom.python.comedy := monty {W} made a famous comedy film | we watched the monty {W} sketch on television
 | the {W} troupe created silly sketches | the flying circus of monty {W} was hilarious
 | the audience loved the {W} comedy show | the {W} comedians performed an absurd sketch
hom.apple.fruit := she picked a ripe {W} from the orchard | a red {W} fell from the branch
 | we baked an {W} pie with cinnamon | the {W} was sweet and juicy | an {W} a day keeps the doctor away
 | he peeled the green {W} with a knife | the orchard was full of {W} blossom
hom.apple.company := {W} released a new phone this year | the {W} computer has a bright screen
 | shares of {W} rose after the launch | the {W} store sold out of the new tablet
 | {W} announced new software for its computers | the {W} developers updated the operating system
hom.bank.river := we sat on the grassy {W} of the river | fishermen waited on the muddy {W} of the stream
 | the river flooded its {W} after the storm | willows grow along the {W} of the river
 | the canoe drifted towards the far {W} | reeds grew thickly on the {W} of the stream
hom.bank.money := she deposited her salary at the {W} | the {W} approved the loan
 | he opened a savings account at the {W} | the {W} charged a fee for the payment
 | the {W} raised its interest rate | the {W} manager checked the account
 | the investor borrowed money from the {W} | the {W} lent money to the shop
hom.waterloo.station := our train has departed from {W} at 1100pm | we changed trains at {W} station in london
 | the train to {W} was late again | the commuters arrived at {W} station
 | she caught the last train from {W} | the express train departed from {W} station
 | passengers waited at {W} station in london for the delayed train | the train from {W} arrived at 730am
hom.waterloo.battle := napoleon lost the battle of {W} | wellington won the battle of {W} in 1815
 | the army marched to {W} | soldiers fought hard at {W}
 | historians still study the battle of {W} | who won the battle of {W}
 | the cavalry charged at the battle of {W} | the emperor was defeated at {W}
hom.jam.preserve := she spread strawberry {W} on her toast | we made {W} from the ripe berries
 | a jar of raspberry {W} stood on the shelf | toast with butter and {W} | the {W} was sweet and sticky
 | grandma boiled plums to make {W}
hom.jam.traffic := we were stuck in a traffic {W} for an hour | a long {W} formed on the motorway
 | the accident caused a huge {W} on the highway | drivers honked their horns in the {W}
 | the bus was late because of a traffic {W} | the morning {W} blocked the road into the city
hom.date.calendar := please fill in the {W} at the top of the form | the {W} of the meeting was moved to friday
 | we set a {W} for the exam | what is the {W} today | the deadline {W} is next monday
 | mark the {W} in your calendar | the {W} of the appointment is in the diary
hom.date.fruit := the {W} palm grows in the desert | dried {W} and figs are sweet
 | a bowl of {W} and nuts sat on the table | the sticky {W} tasted of honey | she chopped a {W} into the salad
hom.date.romantic := he asked her out on a {W} | their first {W} was at a small restaurant
 | they had a romantic {W} by candlelight | she was nervous before her first {W}
 | the couple enjoyed a dinner {W} | he brought roses to their {W}
hom.bow.weapon := the archer drew his {W} and aimed the arrow | the hunter carried a {W} and a quiver of arrows
 | robin hood shot an arrow from his {W} | the {W} string snapped | the archer bent the {W} and hit the target
 | a wooden {W} and arrows hung on the wall
hom.bow.ribbon := she tied a red {W} in her hair | the gift was wrapped with a silk {W}
 | a pink {W} decorated the present | the dress had a velvet {W} at the back
 | he tied the ribbon into a neat {W}
hom.bow.bending := the actor took a {W} after the show | the performers took a deep {W} as the audience clapped
 | the pianist stood up and took a {W} | the cast took a final {W} on the stage
 | the conductor turned and made a {W} to the audience
hom.platform.station := the train left from {W} nine | passengers waited on the {W} for the train
 | the {W} was crowded with commuters | mind the gap between the train and the {W}
 | the delayed train arrived at {W} four | the station {W} was cold and windy
hom.platform.software := the company launched a new {W} for developers | the app runs on every {W}
 | the cloud {W} supports many users | developers publish their apps on the {W}
 | the software {W} crashed after the update | the {W} stores data for millions of users
hom.platform.political := the party published its election {W} | the candidate campaigned on a {W} of lower taxes
 | voters liked the {W} of the new party | the {W} promised reform of the government
 | the opposition attacked the government {W}
# ---------- single-sense controls: {W} the control word
ctl.tiger := a {W} prowled through the jungle at night | the {W} has orange fur with black stripes
 | we watched the {W} sleeping in the zoo | the hungry {W} hunted a deer | a {W} cub played in the grass
ctl.banana := she peeled a ripe {W} | the {W} was yellow and sweet | he sliced a {W} over the cereal
 | a bunch of {W} hung in the kitchen | the smoothie tasted of {W}
ctl.violin := she played the {W} in the orchestra | the {W} sounded sweet in the concert hall
 | he tuned the strings of his {W} | the {W} solo was beautiful | the orchestra needed a new {W} player
ctl.tennis := we played {W} on the court | the {W} match lasted three hours | she won the {W} tournament
 | the {W} ball sailed over the net | he practised {W} every morning
ctl.laptop := he opened his {W} and checked his email | the {W} battery died during the meeting
 | she installed new software on her {W} | the {W} screen was cracked | my {W} needs an update
ctl.wallet := he paid with the cash in his {W} | she lost her {W} on the bus | the {W} was full of coins
 | my {W} held a credit card and some cash | the thief stole a leather {W}
ctl.airport := our plane landed at the {W} | we waited at the {W} for our flight
 | the {W} was busy with passengers | the taxi drove us to the {W} | the flight left the {W} late
ctl.umbrella := she opened her {W} in the rain | the wind broke my {W} | he forgot his {W} on the train
 | we shared an {W} in the storm | a red {W} kept her dry in the rain
"""#
}

/// The kinds of sentence the generator mixes.
enum SentenceKind: Int, CaseIterable, Sendable {
    case filler, family, country, manner, tense, plural, homograph, control
}
